/** A model provider venom knows how to authenticate with. */
export interface ProviderInfo {
  /** The name used on the command line and in the credential store: `venom auth set anthropic`. */
  name: string;
  title: string;
  /** Environment variables checked for the key, in order, before the keyring and credentials file. */
  envVars: readonly string[];
  /** Whether a key is normally needed (a local Ollama needs none). */
  keyRequired: boolean;
}

/** The providers venom can use. Keys are looked up under these names. */
export const providerCatalog: readonly ProviderInfo[] = [
  {
    name: 'anthropic',
    title: 'Anthropic',
    envVars: ['VENOM_ANTHROPIC_API_KEY', 'ANTHROPIC_API_KEY'],
    keyRequired: true,
  },
  { name: 'openai', title: 'OpenAI', envVars: ['VENOM_OPENAI_API_KEY', 'OPENAI_API_KEY'], keyRequired: true },
  {
    name: 'google',
    title: 'Google Gemini',
    envVars: ['VENOM_GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY', 'GEMINI_API_KEY'],
    keyRequired: true,
  },
  {
    name: 'openai-compatible',
    title: 'OpenAI-compatible server',
    envVars: ['VENOM_OPENAI_COMPATIBLE_API_KEY'],
    keyRequired: false,
  },
  {
    name: 'ollama',
    title: 'Ollama',
    envVars: ['VENOM_OLLAMA_API_KEY', 'OLLAMA_API_KEY'],
    keyRequired: false,
  },
];

/** The catalog entry for `name`, or undefined. */
export function findProvider(name: string): ProviderInfo | undefined {
  return providerCatalog.find((provider) => provider.name === name);
}

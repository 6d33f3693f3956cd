/** A layer of configuration, lowest precedence first: default < user < project < env < flag. */
export type ConfigLayer = 'default' | 'user' | 'project' | 'env' | 'flag';

/** Where one value came from. */
export interface ConfigSource {
  layer: ConfigLayer;
  /** The YAML file, for the user and project layers. */
  file?: string;
  /** 1-based line of the key in `file`. */
  line?: number;
  /** The environment variable, for the env layer. */
  envVar?: string;
  /** The dotted key given to `-c key=value`, for the flag layer. */
  flag?: string;
}

/**
 * A source for humans: `default`, `/home/u/.config/venom/config.yaml:12`, `env VENOM_LOG_LEVEL`,
 * `flag -c log.level`.
 */
export function describeSource(source: ConfigSource): string {
  switch (source.layer) {
    case 'default':
      return 'default';
    case 'env':
      return `env ${source.envVar ?? '(unknown variable)'}`;
    case 'flag':
      return `flag -c ${source.flag ?? '(unknown key)'}`;
    default: {
      const file = source.file ?? `${source.layer} file`;
      return source.line === undefined ? file : `${file}:${source.line}`;
    }
  }
}

/** One MCP content block, as far as venom reads it. */
interface ContentBlock {
  type?: unknown;
  text?: unknown;
  mimeType?: unknown;
  uri?: unknown;
  resource?: { uri?: unknown; text?: unknown; mimeType?: unknown };
}

/** The human text of an MCP tool result's content blocks, cut at `limit` characters. */
export function mcpContentText(content: unknown[], limit: number): string {
  const parts = content.map((raw) => {
    const block = (raw ?? {}) as ContentBlock;
    switch (block.type) {
      case 'text':
        return String(block.text ?? '');
      case 'image':
      case 'audio':
        return `[${block.type} ${String(block.mimeType ?? '')}]`;
      case 'resource':
        return typeof block.resource?.text === 'string'
          ? block.resource.text
          : `[resource ${String(block.resource?.uri ?? '')}]`;
      case 'resource_link':
        return `[link ${String(block.uri ?? '')}]`;
      default:
        return `[${String(block.type)}]`;
    }
  });
  const text = parts.join('\n');
  return text.length > limit ? `${text.slice(0, limit)}\n… (cut at ${limit} characters)` : text;
}

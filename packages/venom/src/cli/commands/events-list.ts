import { defineCommand, type StoredEvent } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { parseCorrelation, parseSince, renderEvent, typeOption } from './events-shared.js';

export const eventsListCommand = defineCommand({
  name: 'events list',
  summary: 'List events from the event log, oldest first',
  options: {
    type: typeOption,
    since: {
      type: 'string',
      valueName: 'when',
      description: 'only events since an ISO date or a duration (15m, 2h, 7d)',
    },
    limit: { type: 'string', valueName: 'n', description: 'at most n events (default 100)' },
    'after-id': { type: 'string', valueName: 'id', description: 'only events with a larger id' },
    correlation: {
      type: 'string',
      multiple: true,
      valueName: 'key=value',
      description: 'only events with this correlation id',
    },
    newest: { type: 'boolean', description: 'the newest events first' },
  },
  examples: ['venom events list --since 1h', 'venom events list --type config-set --json'],
  input: (z) =>
    z.object({
      type: z.array(z.string()).optional(),
      since: z.string().optional(),
      limit: z.coerce.number().int().positive().max(100_000).default(100),
      afterId: z.coerce.number().int().nonnegative().optional(),
      correlation: z.array(z.string()).optional(),
      newest: z.boolean().default(false),
    }),
  async run(input, context): Promise<{ events: StoredEvent[] }> {
    const since = input.since === undefined ? undefined : parseSince(input.since, new Date());
    const correlation = parseCorrelation(input.correlation);
    const runtime = await openRuntime(context, 'events list');
    try {
      const events = runtime.events().list({
        limit: input.limit,
        order: input.newest ? 'desc' : 'asc',
        ...(input.type === undefined || input.type.length === 0 ? {} : { types: input.type }),
        ...(since === undefined ? {} : { since }),
        ...(input.afterId === undefined ? {} : { afterId: input.afterId }),
        ...(correlation === undefined ? {} : { correlation }),
      });
      return { events };
    } finally {
      runtime.close();
    }
  },
  render(result, output) {
    if (result.events.length === 0) output.line(output.style.dim('no events'));
    for (const event of result.events) renderEvent(event, output);
  },
});

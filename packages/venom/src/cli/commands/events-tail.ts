import { defineCommand } from '@venom/core';
import { openRuntime } from '../runtime.js';
import { renderEvent, typeOption } from './events-shared.js';

export const eventsTailCommand = defineCommand({
  name: 'events tail',
  streams: true,
  summary: 'Show the latest events, then follow new ones as any venom process appends them (Ctrl-C stops)',
  description: 'With --json, prints one JSON object per event per line (NDJSON).',
  options: {
    lines: {
      type: 'string',
      short: 'n',
      valueName: 'n',
      description: 'show the last n events first (default 10)',
    },
    type: typeOption,
    'no-follow': { type: 'boolean', description: 'print the last events and exit' },
  },
  examples: ['venom events tail', 'venom events tail -n 50 --type credential-set --json'],
  input: (z) =>
    z.object({
      lines: z.coerce.number().int().nonnegative().max(100_000).default(10),
      type: z.array(z.string()).optional(),
      noFollow: z.boolean().default(false),
    }),
  async run(input, context) {
    const runtime = await openRuntime(context, 'events tail');
    const { output } = context;
    const print = (event: Parameters<typeof renderEvent>[0]): void => {
      if (context.globals.json) context.stdout.write(`${JSON.stringify(event)}\n`);
      else renderEvent(event, output);
    };
    try {
      const events = runtime.events();
      const types = input.type === undefined || input.type.length === 0 ? {} : { types: input.type };
      // Fix the boundary first, so an event appended while we print the recent ones is followed, not lost.
      const boundary = events.latestId();
      const recent =
        input.lines === 0
          ? []
          : events.list({ order: 'desc', limit: input.lines, beforeId: boundary + 1, ...types }).reverse();
      recent.forEach(print);
      let printed = recent.length;
      if (!input.noFollow) {
        for await (const event of events.follow({ afterId: boundary, signal: context.signal, ...types })) {
          print(event);
          printed += 1;
        }
      }
      return { streamed: true as const, printed };
    } finally {
      runtime.close();
    }
  },
});

import { defineCommand } from '@venom/core';
import type { PackageInfo } from '../../query/create-package-service.js';
import { stringOption } from '../command-input.js';
import { databasePathOption, omgPaths, query, rootOption } from '../open-service.js';

function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

export const infoCommand = defineCommand({
  name: 'info',
  summary: 'Show a package: versions, candidate, dependencies, reverse dependencies, files',
  description:
    "With --json: candidate is the version 'omg install' would pick, installed the installed version (null when not).",
  examples: ['omg info bash', 'omg info --json ripgrep'],
  positionals: [{ name: 'name', description: 'the package name', required: true }],
  options: {
    files: {
      type: 'boolean',
      description: 'list every installed file (human output shows the count otherwise)',
    },
    root: rootOption,
    dbpath: databasePathOption,
  },
  async run(
    raw: { name?: string; files?: boolean; root?: string; dbpath?: string },
    context,
  ): Promise<PackageInfo & { showFiles?: boolean }> {
    const input = { name: raw.name ?? '', files: raw.files === true, root: stringOption(raw.root) };
    const paths = omgPaths(context, input.root, raw.dbpath);
    const info = await query<PackageInfo>(context, paths, 'info', { name: input.name }, (service) =>
      service.info(input.name),
    );
    return input.files ? Object.defineProperty(info, 'showFiles', { value: true, enumerable: false }) : info;
  },
  render(info, output) {
    const { style } = output;
    const rows: Array<[string, string | undefined]> = [
      ['Name', info.name],
      ['Candidate', info.candidate ?? '(none)'],
      ['Installed', info.installed ?? '(not installed)'],
      ['Repository', info.repository],
      ['Architecture', info.architecture],
      ['Section', info.section],
      ['Download size', formatSize(info.downloadSize)],
      ['Installed size', formatSize(info.installedSize)],
      ['Maintainer', info.maintainer],
      ['Homepage', info.homepage],
      ['Description', info.description],
    ];
    for (const [label, value] of rows)
      if (value !== undefined) output.line(`${style.bold(label.padEnd(15))} ${value}`);
    if (info.longDescription !== '')
      for (const line of info.longDescription.split('\n')) output.line(`${''.padEnd(16)}${line}`);
    for (const [field, groups] of Object.entries(info.dependencies)) {
      if (groups.length > 0) output.line(`${style.bold(field.padEnd(15))} ${groups.join(', ')}`);
    }
    const reverse = info.reverseDependencies;
    output.line(
      `${style.bold('Required by'.padEnd(15))} ${reverse.length === 0 ? '(none)' : reverse.slice(0, 30).join(' ')}${reverse.length > 30 ? ` … (${reverse.length} in all)` : ''}`,
    );
    output.line(style.bold('Versions'));
    for (const version of info.versions)
      output.line(`  ${version.version} (${version.repository}, ${version.architecture})`);
    if (info.files !== undefined) {
      if ((info as { showFiles?: boolean }).showFiles === true) {
        output.line(style.bold('Files'));
        for (const file of info.files) output.line(`  ${file}`);
      } else
        output.line(`${style.bold('Files'.padEnd(15))} ${info.files.length} (omg info --files ${info.name})`);
    }
  },
});

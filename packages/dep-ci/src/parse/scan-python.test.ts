import { describe, expect, it } from 'vitest';
import { scanPython } from './scan-python.js';

describe('scanPython', () => {
  it('reads import and from-import statements, relative ones and continuation lines', () => {
    const result = scanPython(
      [
        'import os, json as j',
        'import app.models.user',
        'from . import utils',
        'from ..core.db import (',
        '    connect,',
        '    Session as S,',
        ')',
        'from .helpers import *',
        'x = 1; import shlex',
        'from pkg.sub import \\',
        '    thing',
      ].join('\n'),
    );
    expect(result.imports.map((record) => record.specifier)).toEqual([
      'os',
      'json',
      'app.models.user',
      '.',
      '.:utils',
      '..core.db',
      '..core.db:connect',
      '..core.db:Session',
      '.helpers',
      'shlex',
      'pkg.sub',
      'pkg.sub:thing',
    ]);
    expect(result.problems).toEqual([]);
  });

  it('ignores imports in strings and comments, flags TYPE_CHECKING imports as type-only', () => {
    const result = scanPython(
      [
        '# import commented',
        'text = "import quoted"',
        'doc = """',
        'from fake import thing',
        '"""',
        'from typing import TYPE_CHECKING',
        'if TYPE_CHECKING:',
        '    from app.types import Model',
        'import real',
      ].join('\n'),
    );
    expect(result.imports.map((record) => [record.specifier, record.typeOnly])).toEqual([
      ['typing', false],
      ['typing:TYPE_CHECKING', false],
      ['app.types', true],
      ['app.types:Model', true],
      ['real', false],
    ]);
  });

  it('reads importlib literals and reports computed ones', () => {
    const result = scanPython(
      [
        'import importlib',
        'plugin = importlib.import_module("app.plugins.csv")',
        'other = importlib.import_module(name)',
      ].join('\n'),
    );
    expect(result.imports.map((record) => [record.kind, record.specifier])).toEqual([
      ['import', 'importlib'],
      ['dynamic', 'app.plugins.csv'],
    ]);
    expect(result.unresolved).toEqual([{ expression: 'name', line: 3 }]);
  });
});

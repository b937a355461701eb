import { describe, expect, it } from 'vitest';
import { importPage } from '../../../src/parse/msdocs/index.ts';
import { api, fixture, importFixture } from './helpers.ts';

describe('API pages', () => {
  it('reads a function page: UID name, req.* fields, IRQL rule, parameters, prose, see-also', () => {
    const result = importFixture('api/function.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.entry).toEqual({
      kind: 'api',
      source: 'api/function.md',
      uid: 'NF:ntifs.KeStackAttachProcess',
      name: 'KeStackAttachProcess',
      apiKind: 'function',
      header: 'ntifs.h',
      includeHeader: 'Ntifs.h, Fltkernel.h',
      library: 'NtosKrnl.lib',
      dll: 'NtosKrnl.exe',
      irql: {
        raw: '< DISPATCH_LEVEL',
        parsed: { relation: '<', level: 'DISPATCH_LEVEL', max: 'APC_LEVEL' },
      },
      parameters: [
        {
          name: 'PROCESS',
          direction: 'in',
          optional: false,
          description: 'The process to attach to, for example one returned by IoGetCurrentProcess.',
        },
        {
          name: 'ApcState',
          direction: 'out',
          optional: false,
          description:
            'Receives the previous APC state. Allocate it on the stack or from nonpaged pool.',
        },
      ],
      returns: 'None',
      description:
        'The KeStackAttachProcess routine moves the calling thread into the address space of another process and remembers where it came from.\n\nCaution Keep the attached stretch of code short.',
      remarks:
        'Every KeStackAttachProcess needs a matching KeUnstackDetachProcess call.\n\nDo not send IRPs while attached.',
      seeAlso: ['IoGetCurrentProcess', 'KeUnstackDetachProcess', 'PsGetCurrentProcess'],
    });
  });

  it('reads every direction tag seen in the wild', () => {
    const entry = api('api/directions.md');
    expect(entry.parameters.map((p) => [p.name, p.direction, p.optional])).toEqual([
      ['First', 'in', false],
      ['Second', 'out', false],
      ['Third', 'in-out', false],
      ['Fourth', 'in-out', false],
      ['Fifth', 'in', true],
      ['Sixth', 'out', true],
      ['Seventh', 'in', false],
      ['Eighth', 'in-out', false],
      ['Ninth', 'in', true],
      ['Tenth', null, false],
    ]);
    expect(entry.parameters[9]?.description).toBe('No tag at all.');
    expect(entry.returns).toBe('Returns STATUS_SUCCESS or an error code.');
    expect(entry.irql?.parsed).toEqual({ relation: '<=', level: 'APC_LEVEL', max: 'APC_LEVEL' });
  });

  it('reads a callback (NC:) page with an IRQL followed by a remark', () => {
    const entry = api('api/callback.md');
    expect(entry).toMatchObject({
      uid: 'NC:ntddk.PLOAD_IMAGE_NOTIFY_ROUTINE',
      name: 'PLOAD_IMAGE_NOTIFY_ROUTINE',
      apiKind: 'callback',
      header: 'ntddk.h',
      includeHeader: 'Ntddk.h',
      irql: {
        raw: 'PASSIVE_LEVEL (see Remarks section)',
        parsed: { relation: '=', level: 'PASSIVE_LEVEL', max: 'PASSIVE_LEVEL' },
      },
      seeAlso: ['PsSetLoadImageNotifyRoutine', 'PsRemoveLoadImageNotifyRoutine'],
    });
    expect(entry.parameters[0]).toEqual({
      name: 'FullImageName',
      direction: 'in',
      optional: true,
      description: "The image's path; may be NULL when the name is unknown.",
    });
  });

  it('reads a structure (NS:) page: fields, empty req.irql, bare-line see-also', () => {
    const result = importFixture('api/structure.md');
    expect(result.diagnostics).toEqual([]);
    const entry = api('api/structure.md');
    expect(entry).toMatchObject({
      name: '_KAPC_STATE',
      apiKind: 'structure',
      irql: null,
      parameters: [],
      seeAlso: ['KeStackAttachProcess', 'KeUnstackDetachProcess'],
    });
    expect(entry.fields).toEqual([
      {
        name: 'ApcListHead',
        direction: null,
        optional: false,
        description: 'Queues of pending APCs.',
      },
      {
        name: 'Process',
        direction: null,
        optional: false,
        description: 'The process the thread is attached to.',
      },
    ]);
  });

  it('gives zero parameters and no diagnostic for "None.", and reads "Any level"', () => {
    const result = importFixture('api/no-parameters.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.entry).toMatchObject({
      name: 'KeIsExecutingDpc',
      parameters: [],
      irql: { raw: 'Any level', parsed: { relation: 'any', level: null, max: 'HIGH_LEVEL' } },
      returns: 'TRUE while a DPC runs, FALSE otherwise.',
    });
  });

  it('finds dash sections under indented headings and headings at any level', () => {
    const result = importFixture('api/indented-headings.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.entry).toMatchObject({
      name: 'KeEnterCriticalRegion',
      description: 'Turns off normal kernel APCs for the calling thread.',
      parameters: [
        {
          name: 'Reserved',
          direction: 'in',
          optional: false,
          description: 'Not a real parameter; present so the page has one under an odd heading.',
        },
      ],
      returns: 'Nothing.',
      remarks: 'Every call needs a matching KeLeaveCriticalRegion.',
      seeAlso: ['KeLeaveCriticalRegion'],
    });
  });

  it('does not read headings or tables inside code fences', () => {
    const entry = api('api/code-fence.md');
    expect(entry.parameters.map((p) => p.name)).toEqual(['ApcState']);
    expect(entry.returns).toBeUndefined();
    expect(entry.remarks).toBe(
      'The block below looks like parameters and a table, but it is a code sample:',
    );
    expect(entry.seeAlso).toEqual(['KeStackAttachProcess']);
  });

  it('unescapes underscores in the IRQL, parameter names, tags and prose', () => {
    const entry = api('api/escaped-underscores.md');
    expect(entry.irql).toEqual({
      raw: '<= DISPATCH_LEVEL',
      parsed: { relation: '<=', level: 'DISPATCH_LEVEL', max: 'DISPATCH_LEVEL' },
    });
    expect(entry.parameters).toEqual([
      {
        name: 'Unused_Value',
        direction: 'in',
        optional: true,
        description: 'An invented parameter whose name and tag are escaped.',
      },
    ]);
    expect(entry.returns).toBe('A pointer to the current EPROCESS_OBJECT.');
    expect(JSON.stringify(entry)).not.toContain('\\\\_');
  });

  it('imports a page with no H1 and no req.header, deriving the header from the UID', () => {
    const result = importFixture('api/missing-h1.md');
    expect(result.entry).toMatchObject({
      name: 'KeLeaveGuardedRegion',
      header: 'wdm.h',
      parameters: [],
      irql: { parsed: { relation: '<=', level: 'APC_LEVEL', max: 'APC_LEVEL' } },
    });
    expect(result.diagnostics).toEqual([
      {
        source: 'api/missing-h1.md',
        line: 1,
        severity: 'warning',
        message: 'req.header: missing; used wdm.h from the UID',
      },
    ]);
  });

  it('handles CRLF line endings', () => {
    expect(fixture('api/crlf.md')).toContain('\r\n');
    const result = importFixture('api/crlf.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.entry).toMatchObject({
      name: 'KeDetachProcess',
      library: 'NtosKrnl.lib',
      description: 'The KeDetachProcess routine is obsolete; this page uses Windows line endings.',
      parameters: [
        {
          name: 'Reserved',
          direction: 'in-out',
          optional: false,
          description: 'Invented for the fixture.',
        },
      ],
      returns: 'None',
      seeAlso: ['KeAttachProcess', 'KeUnstackDetachProcess'],
    });
  });
});

describe('API diagnostics', () => {
  it('warns about an IRQL it cannot read, at the req.irql line, and keeps the text', () => {
    const result = importPage(
      '---\nUID: NF:wdm.Foo\nreq.header: wdm.h\nreq.irql: See Remarks section\n---\n\n## -description\n\nFoo.\n',
      'f.md',
    );
    expect(result.entry).toMatchObject({ irql: { raw: 'See Remarks section' } });
    expect(result.entry?.kind === 'api' && result.entry.irql?.parsed).toBeUndefined();
    expect(result.diagnostics).toEqual([
      {
        source: 'f.md',
        line: 4,
        severity: 'warning',
        message:
          'req.irql: "See Remarks section" is not a rule the importer understands; kept as text',
      },
    ]);
  });

  it('warns about a parameter without description and a duplicate parameter', () => {
    const result = importPage(
      '---\nUID: NF:wdm.Foo\nreq.header: wdm.h\n---\n\n## -description\n\nFoo.\n\n## -parameters\n\n### -param A [in]\n\n### -param A [out]\n\nAgain.\n',
      'f.md',
    );
    expect(result.entry?.kind === 'api' && result.entry.parameters).toEqual([
      { name: 'A', direction: 'in', optional: false, description: '' },
    ]);
    expect(result.diagnostics.map((d) => `${d.line}: ${d.message}`)).toEqual([
      '12: param A: empty description',
      '14: param A: listed twice; kept the first',
    ]);
  });

  it('warns when neither req.header nor the UID names a header', () => {
    const result = importPage(
      '---\nUID: KeBare\nms.topic: function\n---\n\n## -description\n\nBare.\n',
      'b.md',
    );
    expect(result.entry).toMatchObject({ name: 'KeBare', apiKind: 'function', header: null });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'req.header: missing, and the UID names no header',
    ]);
  });

  it('reads a direction tag written on the first line of the parameter body', () => {
    const result = importPage(
      '---\nUID: NF:wdm.Foo\nreq.header: wdm.h\n---\n\n## -description\n\nFoo.\n\n## -parameters\n\n### -param Buffer\n\n[out, optional]\n\nWhere to write.\n',
      'f.md',
    );
    expect(result.entry?.kind === 'api' && result.entry.parameters).toEqual([
      { name: 'Buffer', direction: 'out', optional: true, description: 'Where to write.' },
    ]);
  });
});

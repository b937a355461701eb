/** The `sources:` front matter: documents and kernel files, and the Learn page a reference needs. */
import { describe, expect, it } from 'vitest';
import { describeSource, referenceSourcesSchema, sourcesSchema } from '../../src/model/source.ts';

const learn = { title: 'KeStackAttachProcess', url: 'https://learn.microsoft.com/x/y' };
const wrk = {
  kernel: 'Windows Research Kernel' as const,
  file: 'base/ntos/ke/procobj.c',
  routine: 'KeStackAttachProcess',
};

describe('sources', () => {
  it('accepts documents and kernel files', () => {
    expect(sourcesSchema.safeParse([learn, wrk]).success).toBe(true);
    expect(
      sourcesSchema.safeParse([{ kernel: 'ReactOS', file: 'ntoskrnl/ke/apc.c' }]).success,
    ).toBe(true);
  });

  it('refuses an empty list, an http URL, an unknown code base, a bad path or routine, extra keys', () => {
    expect(sourcesSchema.safeParse([]).success).toBe(false);
    expect(
      sourcesSchema.safeParse([{ ...learn, url: 'http://learn.microsoft.com/x' }]).success,
    ).toBe(false);
    expect(sourcesSchema.safeParse([{ ...wrk, kernel: 'Linux' }]).success).toBe(false);
    expect(sourcesSchema.safeParse([{ ...wrk, file: '/abs/path.c' }]).success).toBe(false);
    expect(sourcesSchema.safeParse([{ ...wrk, routine: 'Ke Stack' }]).success).toBe(false);
    expect(sourcesSchema.safeParse([{ ...learn, note: 'x' }]).success).toBe(false);
  });

  it('requires a Microsoft Learn page for a reference entry', () => {
    expect(referenceSourcesSchema.safeParse([wrk]).success).toBe(false);
    expect(
      referenceSourcesSchema.safeParse([
        { title: 'Blog', url: 'https://example.com/learn.microsoft.com' },
      ]).success,
    ).toBe(false);
    expect(referenceSourcesSchema.safeParse([wrk, learn]).success).toBe(true);
  });

  it('describes a kernel source as code base, file and routine', () => {
    expect(describeSource(wrk)).toBe(
      'Windows Research Kernel, base/ntos/ke/procobj.c, KeStackAttachProcess',
    );
    expect(describeSource(learn)).toBe('KeStackAttachProcess');
  });
});

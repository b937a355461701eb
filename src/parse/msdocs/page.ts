/** What the format importers share: the parsed page and a way to report problems on it. */
import type { Heading, Root } from 'mdast';
import type { FrontMatter } from './front-matter.ts';
import type { ImportDiagnostic } from './schema.ts';

export type Page = {
  source: string;
  /** Source with normalised line endings; node offsets index into this. */
  text: string;
  tree: Root;
  frontMatter: FrontMatter;
  h1: Heading | undefined;
};

export type Report = (
  severity: ImportDiagnostic['severity'],
  line: number,
  message: string,
) => void;

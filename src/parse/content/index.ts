/**
 * The content parser's public entry points: one page, the front-matter schemas, and the types
 * they return.
 */
export type { FrontMatter } from './front-matter.ts';
export {
  apiFrontMatterSchema,
  bugCheckFrontMatterSchema,
  conceptFrontMatterSchema,
} from './front-matter-schemas.ts';
export {
  type ContentPage,
  type KnowledgeBaseResult,
  parseKnowledgeBase,
} from './knowledge-base.ts';
export { type EntryOf, type PageKind, type PageResult, parseContentPage } from './page.ts';

/** Public surface of the Microsoft-documentation importer. */
export { parseDirectionTag, parseParamHeading } from './direction.ts';
export { importPage } from './import-page.ts';
export { parseIrql } from './irql.ts';
export { collapseWhitespace, htmlToText, plainText, unescapeMarkdown } from './plain-text.ts';
export * from './schema.ts';
export { type ExtractedTable, fromHtmlTables, tablesIn } from './tables.ts';
export { type ImportOptions, importPaths, listPages, type Progress } from './walk.ts';

/**
 * The knowledge model in one import: the schemas and inferred types of every entry and of the
 * diagnostics the parsers report.
 */
export * from './api.ts';
export * from './bugcheck.ts';
export * from './concept.ts';
export * from './diagnostic.ts';
export * from './example.ts';
export * from './ids.ts';
export * from './irql.ts';
export * from './knowledge-base.ts';
export * from './position.ts';
export * from './reference.ts';
export * from './rules-index.ts';
export * from './source.ts';

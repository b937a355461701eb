/**
 * Public API of the simulation core. Pure TypeScript: no DOM, no Node APIs; the same module
 * runs in the CLI, the site's widgets, quizzes and the crash decoder.
 */

export {
  BUGCHECKS,
  type BugcheckCause,
  type BugcheckDefinition,
  bugcheckByCode,
  CAUSES,
  causeById,
  type ParameterRole,
} from './bugchecks.ts';
export { ADDITION_CALLS, BUILTIN_CALLS } from './builtin-calls.ts';
export { type ParseResult, parseScenario } from './check.ts';
export { displayCode, formatCode, hexCode } from './codes.ts';
export {
  type AlphabetOp,
  alphabetFromScenario,
  DEFAULT_ALPHABET,
  type ExploreOptions,
  type ExploreResult,
  type ExplorerContext,
  explore,
  explorerStart,
  findShortest,
  type OutcomeClass,
  opToStatement,
  outcomeKeys,
  runSequence,
  type SequenceOutcome,
  sequenceToScenario,
  walkSequences,
} from './explorer.ts';
export type {
  JsonBugcheck,
  JsonParameter,
  JsonPath,
  JsonResult,
  JsonState,
  JsonTraceState,
} from './json.ts';
export { jsonState, jsonTraceState } from './json.ts';
export { type StepHooks, type StepResult, step } from './kernel.ts';
export type { ScriptError, Token } from './lexer.ts';
export {
  HAZARD_RULES,
  type HazardRule,
  type IrqlOperand,
  type Op,
  type OpKind,
  type ProcessOperand,
  type SimEvent,
  type Warning,
} from './ops.ts';
export type { FunctionDef, Program, Statement } from './program.ts';
export { formatReport, type ReportOptions } from './report.ts';
export { type Choice, MAX_PATHS, type SimPath, type Snapshot } from './runner.ts';
export {
  runScenario,
  type SimulateOptions,
  type SimulationResult,
  simulate,
  toJsonResult,
} from './simulate.ts';
export {
  type Apc,
  type ApcEnvironment,
  apcStatePointer,
  type BufferContents,
  type Context,
  combinedApcDisable,
  contentsOf,
  currentThread,
  type Flavor,
  type Frame,
  type Halt,
  IRQL_NAMES,
  type Irql,
  type IrqlName,
  initialState,
  type KapcBuffer,
  type KernelState,
  type NestLevel,
  type ProcessInfo,
  type RaisedBugcheck,
  type RaisedParameter,
  SYSTEM,
  stackCount,
  type ThreadState,
} from './state.ts';
export {
  CONTEXT_DOCS,
  DECLARATION_DOCS,
  STATEMENT_DOCS,
  type StatementDoc,
  type StatementGroup,
  type StatementName,
} from './statement-docs.ts';

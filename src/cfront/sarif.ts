/**
 * SARIF 2.1.0 output for `attach-lab check --sarif`, so the findings drop into CI and code
 * scanning. One run; one reporting descriptor per rule that fired (hazard rule ids, and bug
 * check causes), each with its help link on the site; one result per finding, with the
 * function, context and branch choices in its properties; the file notes (not-modelled calls,
 * syntax errors, limits) as tool execution notifications.
 */
import type { Log, Notification, ReportingDescriptor, Result } from 'sarif';
import { bugcheckUrl, causeUrl, ruleUrl } from '../share/urls.ts';
import { causeById } from '../sim/bugchecks.ts';
import type { HazardRule } from '../sim/ops.ts';
import type { FileReport } from './report.ts';

/** The site's origin: the `site` of astro.config.mjs (a test keeps them equal). */
export const SITE_ORIGIN = 'https://attach-lab.example';

/**
 * One line per hazard rule the C front can report, for the rule list; the full message is on
 * each result. Typed so that a new simulator hazard cannot be left without a line.
 */
const HAZARD_SUMMARIES: Readonly<Record<HazardRule | 'paged-code-irql', string>> = {
  'irql-too-high': 'An attach routine or guarded region entered at too high an IRQL.',
  'wrong-process-memory': "User memory read while attached to a different process's address space.",
  'unstack-out-of-order': 'KeUnstackDetachProcess not given the innermost live buffer.',
  'apc-state-reused': 'One KAPC_STATE used for two live nesting levels.',
  'apc-state-out-of-scope': 'A stack KAPC_STATE goes out of scope while its attach is still live.',
  'apc-state-uninitialized':
    'KeUnstackDetachProcess given a local KAPC_STATE no attach has written.',
  'detach-abandons-stack': 'KeDetachProcess while stack-attached abandons the caller buffers.',
  'detach-discards-apcs':
    'KeDetachProcess discards kernel APCs still queued to the attached environment.',
  'complex-work-while-attached': 'I/O or a wait while attached to another process.',
  'notify-routine-not-removed':
    'A load-image, process or thread notify routine still registered when the driver unloads.',
  'exit-at-raised-irql': 'A thread exits at a raised IRQL (the exit path is pageable).',
  'process-not-set': 'A PEPROCESS variable used where no lookup set it.',
  'use-after-dereference': 'A process used after its reference was released.',
  'extra-dereference': 'ObDereferenceObject on a reference already released.',
  'reference-leaked': 'A process reference never released.',
  'paged-code-irql': 'PAGED_CODE() reached above APC_LEVEL.',
};

/** Every hazard rule id the C front can report: the simulator's, and its own `paged-code-irql`. */
export const C_FRONT_HAZARD_RULES: readonly string[] = Object.keys(HAZARD_SUMMARIES);

export function toSarif(files: readonly FileReport[], version: string): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Result[] = [];
  const notifications: Notification[] = [];
  const ruleFor = (
    kind: 'bugcheck' | 'hazard',
    rule: string,
    code: number | undefined,
    name: string | undefined,
  ) => {
    const existing = ruleIndex.get(rule);
    if (existing !== undefined) return existing;
    // A hang is an outcome, not one of the rules: the 0x6 page's remarks explain the
    // ReactOS detach loop that spins forever.
    const help =
      kind === 'bugcheck' && code !== undefined
        ? `${SITE_ORIGIN}${causeUrl(code, rule)}`
        : rule === 'hang'
          ? `${SITE_ORIGIN}${bugcheckUrl(6)}#remarks`
          : `${SITE_ORIGIN}${ruleUrl(rule)}`;
    const summary =
      kind === 'bugcheck'
        ? `Bug check 0x${(code ?? 0).toString(16)} ${name ?? ''}: ${causeById(rule)?.summary ?? rule}`
        : rule === 'hang'
          ? 'The thread never goes on (a wait or loop nothing ends).'
          : ((HAZARD_SUMMARIES as Readonly<Record<string, string>>)[rule] ?? rule);
    const d: ReportingDescriptor = {
      id: rule,
      name: kind === 'bugcheck' ? `${name ?? 'Bugcheck'}/${rule}` : rule,
      shortDescription: { text: summary },
      helpUri: help,
      help: { text: `See ${help}` },
      defaultConfiguration: { level: kind === 'bugcheck' ? 'error' : 'warning' },
      properties: {
        tags: kind === 'bugcheck' ? ['bugcheck', `0x${(code ?? 0).toString(16)}`] : ['hazard'],
      },
    };
    rules.push(d);
    ruleIndex.set(rule, rules.length - 1);
    return rules.length - 1;
  };
  const uri = (p: string) => encodeURI(p.replaceAll('\\', '/'));
  for (const f of files) {
    for (const fn of f.result.functions) {
      for (const c of fn.contexts) {
        for (const x of c.findings) {
          const index = ruleFor(x.kind, x.rule, x.code, x.name);
          results.push({
            ruleId: x.rule,
            ruleIndex: index,
            level: x.kind === 'bugcheck' ? 'error' : 'warning',
            message: { text: x.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: uri(x.file ?? f.path) },
                  region: { startLine: x.line, startColumn: x.column },
                },
                logicalLocations: [{ name: fn.name, kind: 'function' }],
              },
            ],
            partialFingerprints: {
              attachLab: `${fn.name}|${c.context}|${x.rule}|${x.file ?? ''}${x.line}`,
            },
            properties: {
              function: fn.name,
              context: c.context,
              choices: [...x.choices],
              ...(x.parameters ? { parameters: x.parameters.map((p) => p.value) } : {}),
            },
          });
        }
      }
    }
    for (const n of f.result.notes) {
      notifications.push({
        level: 'note',
        message: { text: n.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uri(f.path) },
              region: {
                startLine: n.line,
                ...(n.column === undefined ? {} : { startColumn: n.column }),
              },
            },
          },
        ],
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'attach-lab',
            version,
            informationUri: SITE_ORIGIN,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

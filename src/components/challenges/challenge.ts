/**
 * `<attach-lab-challenge>`: the Check button of a challenge page. It takes the code from the
 * page's simulator widget (its editor, or the static code before the widget has loaded), runs
 * it in the widget's own worker (sim-runner.ts: one worker per page), and grades the result by
 * its end state (src/quiz/challenges/goal.ts): every failure is listed with what is missing,
 * a hint is given after each failed check, and the reference solution after three failed checks
 * or on request. Checks, the latest code and whether the solution was shown are kept in progress,
 * so a reload keeps the reader's code and standing. Everything the reader sees is built as text.
 */
import type { Goal } from '../../quiz/challenges/goal.ts';
import { grade } from '../../quiz/challenges/goal.ts';
import { MAX_KEPT_CODE } from '../../quiz/progress.ts';
import { h } from '../dom.ts';
import { challenge, checked, solutionShown, takeNotice } from '../quiz/store.ts';
import { pageRunner } from '../sim-widget/sim-runner.ts';

/** Failed checks after which the solution is shown without being asked for. */
export const SOLUTION_AFTER = 3;

function readGoal(host: HTMLElement): Goal | null {
  try {
    const text = host.querySelector('script[data-alc-goal]')?.textContent ?? '';
    return JSON.parse(text) as Goal;
  } catch {
    return null;
  }
}

class ChallengeView {
  private readonly id: string;
  private readonly sim: HTMLElement | null;
  private readonly status: HTMLElement;
  private readonly failures: HTMLElement;
  private readonly hints: HTMLElement[];
  private readonly hintNote: HTMLElement | null;
  private readonly solution: HTMLDetailsElement | null;
  private readonly check: HTMLButtonElement;
  private failed = 0;
  private busy = false;

  private readonly host: HTMLElement;
  private readonly goal: Goal;

  constructor(host: HTMLElement, goal: Goal) {
    this.host = host;
    this.goal = goal;
    this.id = host.dataset.id ?? '';
    this.sim = host.querySelector<HTMLElement>('attach-lab-sim');
    this.status = host.querySelector<HTMLElement>('[data-alc-status]') ?? h('p');
    this.failures = host.querySelector<HTMLElement>('[data-alc-failures]') ?? h('ul');
    this.hints = [...host.querySelectorAll<HTMLElement>('[data-alc-hints] li')];
    this.hintNote = host.querySelector<HTMLElement>('[data-alc-hint-note]');
    this.solution = host.querySelector<HTMLDetailsElement>('details[data-alc-solution]');
    this.check = host.querySelector<HTMLButtonElement>('[data-alc-check]') ?? h('button');
  }

  start(): void {
    for (const b of this.host.querySelectorAll<HTMLElement>('.alc-needs-js')) b.hidden = false;
    this.check.addEventListener('click', () => void this.runCheck());
    this.host
      .querySelector('[data-alc-show]')
      ?.addEventListener('click', () => this.showSolution(true, true));
    this.host
      .querySelector('[data-alc-restart]')
      ?.addEventListener('click', () => this.load(this.host.dataset.start ?? '', 'starting code'));
    this.host
      .querySelector('[data-alc-load-solution]')
      ?.addEventListener('click', () =>
        this.load(
          this.solution?.querySelector('pre code')?.textContent ?? '',
          'reference solution',
        ),
      );
    const notice = takeNotice();
    const rec = challenge(this.id);
    this.failed = rec && !rec.solved ? rec.attempts : 0;
    if (this.solution) this.solution.hidden = true;
    this.showHints();
    if (rec?.code !== undefined) this.setCode(rec.code);
    if (rec?.solved) {
      this.say(
        `You solved this challenge before (${rec.attempts} check${rec.attempts === 1 ? '' : 's'}). Your code is back in the editor.`,
        'right',
      );
      this.showSolution(false, false);
    } else if (rec) {
      this.say(
        `Not solved yet: ${rec.attempts} check${rec.attempts === 1 ? '' : 's'} so far. Your code of the last check is back in the editor.`,
        'info',
      );
    }
    if (rec?.solutionShown || this.failed >= SOLUTION_AFTER) this.showSolution(false, false);
    if (notice) this.say(notice, 'info');
  }

  private textarea(): HTMLTextAreaElement | null {
    return this.sim?.querySelector<HTMLTextAreaElement>('textarea.alw-textarea') ?? null;
  }

  /** The code to check: the editor's, or the static block's before the widget has loaded. */
  private code(): string {
    const ta = this.textarea();
    if (ta) return ta.value;
    return (this.sim?.querySelector('pre.al-code code')?.textContent ?? '').replace(/\n$/, '');
  }

  /** Puts code in the editor as if typed (the widget re-runs it), or in the static block. */
  private setCode(text: string): void {
    const ta = this.textarea();
    if (ta) {
      ta.value = text;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
    const code = this.sim?.querySelector('pre.al-code code');
    if (code) code.textContent = text;
  }

  private load(text: string, what: string): void {
    this.setCode(text);
    this.say(`The ${what} is in the editor.`, 'info');
    (this.textarea() ?? this.check).focus();
  }

  private say(text: string, kind: 'right' | 'wrong' | 'info'): void {
    // Cleared first, so the same message after a second check is announced again.
    this.status.textContent = '';
    this.status.dataset.result = kind;
    requestAnimationFrame(() => {
      this.status.textContent = text;
    });
  }

  private showHints(): void {
    const n = Math.min(this.failed, this.hints.length);
    this.hints.forEach((li, i) => {
      li.hidden = i >= n;
    });
    if (this.hintNote) {
      this.hintNote.textContent =
        n === 0
          ? 'A hint appears here after each failed check.'
          : n < this.hints.length
            ? `Hint ${n} of ${this.hints.length}; the next after another failed check.`
            : `All ${this.hints.length} hints shown.`;
    }
  }

  private showSolution(record: boolean, focus: boolean): void {
    if (!this.solution) return;
    this.solution.hidden = false;
    this.solution.open = true;
    this.host.querySelector<HTMLElement>('[data-alc-show]')?.setAttribute('hidden', '');
    if (record) solutionShown(this.id);
    if (focus) this.solution.querySelector<HTMLElement>('summary')?.focus();
  }

  private async runCheck(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.check.setAttribute('aria-disabled', 'true');
    this.say('Checking every path…', 'info');
    const code = this.code();
    try {
      const result = await pageRunner().run(this, code);
      const verdict = grade(this.goal, result);
      checked(this.id, verdict.passed, code);
      this.report(verdict.passed, verdict.failures, result.paths.length, code.length);
    } catch {
      this.say('The check did not finish (the simulator was stopped). Check again.', 'wrong');
    } finally {
      this.busy = false;
      this.check.setAttribute('aria-disabled', 'false');
    }
  }

  private report(
    passed: boolean,
    failures: readonly { readonly message: string }[],
    paths: number,
    length: number,
  ): void {
    const kept =
      length <= MAX_KEPT_CODE
        ? ''
        : ` Your code is longer than ${MAX_KEPT_CODE} characters, so it was not kept for a reload.`;
    this.failures.replaceChildren(...failures.map((f) => h('li', {}, f.message)));
    this.failures.hidden = failures.length === 0;
    if (passed) {
      this.say(
        `Solved. All ${paths} path${paths === 1 ? '' : 's'} end without a bug check or a broken rule, and the goal holds. The reference solution is below to compare.${kept}`,
        'right',
      );
      this.showSolution(false, false);
      return;
    }
    this.failed += 1;
    this.showHints();
    const n = failures.length;
    let text = `Not yet: ${n} problem${n === 1 ? '' : 's'}, listed below. ${failures[0]?.message ?? ''}`;
    if (this.failed >= SOLUTION_AFTER && this.solution?.hidden) {
      this.showSolution(true, false);
      text += ' After three checks, the reference solution is shown below.';
    } else if (this.failed <= this.hints.length) text += ' A new hint is below.';
    this.say(text + kept, 'wrong');
  }
}

export class AttachLabChallenge extends HTMLElement {
  connectedCallback(): void {
    if (this.dataset.ready === 'true') return;
    this.dataset.ready = 'true';
    const goal = readGoal(this);
    if (goal === null) return;
    new ChallengeView(this, goal).start();
  }
}

if (!customElements.get('attach-lab-challenge')) {
  customElements.define('attach-lab-challenge', AttachLabChallenge);
}

/**
 * Look-ups in the generated reference tables: a bug check's symbolic name and Microsoft Learn
 * page by code or by name (all 425 documented codes, not only the five this site explains),
 * and the Learn page of a kernel routine a plan names. Pure: ships to the browser.
 */
import { API_ROWS, BUGCHECK_ROWS } from './reference-tables.generated.ts';

const BUGCHECK_LEARN = 'https://learn.microsoft.com/windows-hardware/drivers/debugger/';
const API_LEARN = 'https://learn.microsoft.com/windows-hardware/drivers/ddi/';

export type DocumentedBugcheck = { code: number; name: string; learn: string };

let byCode: Map<number, DocumentedBugcheck> | undefined;
let byName: Map<string, DocumentedBugcheck> | undefined;

function tables() {
  if (byCode === undefined || byName === undefined) {
    byCode = new Map();
    byName = new Map();
    for (const [code, name, page] of BUGCHECK_ROWS) {
      const row = { code, name, learn: BUGCHECK_LEARN + page };
      byCode.set(code, row);
      byName.set(name, row);
    }
  }
  return { byCode, byName };
}

export function documentedBugcheck(code: number): DocumentedBugcheck | undefined {
  return tables().byCode.get(code);
}

/** By symbolic name, exact (upper case, underscores), as a stop screen shows it. */
export function documentedBugcheckByName(name: string): DocumentedBugcheck | undefined {
  return tables().byName.get(name);
}

export function apiLearnUrl(routine: string): string | undefined {
  const row = API_ROWS.find(([name]) => name === routine);
  return row === undefined ? undefined : API_LEARN + row[1];
}

export const DOCUMENTED_BUGCHECK_COUNT = BUGCHECK_ROWS.length;

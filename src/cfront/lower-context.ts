/**
 * What a call's lowering (calls.ts) may ask of the path walk (paths.ts) while it lowers one
 * call. Kept in its own module so the table of calls and the walk that uses it do not import
 * each other: the walk depends on the table, the table only on this interface.
 */
import type { CExpr } from './ast.ts';
import type { IrStmt, ProcRef, VarId } from './ir.ts';

export interface LowerContext {
  emit(s: IrStmt): void;
  variable(e: CExpr): VarId;
  process(e: CExpr): ProcRef;
  irqlLevel(e: CExpr): 0 | 1 | 2 | null;
  decide(n: number, labels: (i: number) => string): number;
  note(line: number, message: string): void;
  /** Records a lookup's result in its target variable; the target's id, or null if not a variable. */
  setLookup(target: CExpr, outcome: 'success' | 'failure'): VarId | null;
}

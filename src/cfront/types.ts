/**
 * The C types the model tracks. A declaration of any other type is a no-op for the analysis;
 * these ones name something the simulator keeps state for (or, for NTSTATUS, a value the
 * path enumeration follows).
 */

export function isProcessType(t: string): boolean {
  return /^(PEPROCESS|PKPROCESS|PRKPROCESS)$/.test(t.trim());
}

export function isStatusType(t: string): boolean {
  return t.trim() === 'NTSTATUS';
}

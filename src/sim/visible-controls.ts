/**
 * Control characters made visible. Text a reader gave (a scenario, a pasted crash, an imported
 * page) is echoed in terminal output and on pages; raw, an escape sequence in it could set a
 * terminal's title, clear its screen or move the cursor, and a bidirectional override could
 * make the text read differently from what the tools see. Line feeds and tabs stay; every
 * other C0 control becomes its Control Pictures symbol (ESC → ␛), DEL becomes ␡, and C1
 * controls, bidirectional controls and lone surrogates become a `<U+XXXX>` marker. It lives in
 * the simulation core because the core's readable report (report.ts) needs it, and the core
 * imports nothing outside itself; the CLI and the decoder import it from here.
 */

// C0 without \t and \n, DEL, C1, the bidi embeddings/overrides/isolates, lone surrogates.
const CONTROLS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

export function visibleControls(text: string): string {
  return text.replace(CONTROLS, visible);
}

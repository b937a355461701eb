/**
 * Puts a scenario into a URL fragment and takes it out again. The text is deflated and written
 * in base64url behind a version tag, so links stay short and any future format can be told apart.
 * Everything read back is validated: a damaged or hostile link yields an error message, never an
 * exception, and the result is only ever plain text (callers put it in a textarea, not in HTML).
 */

export const LINK_VERSION = '1';
/** Scenarios are small; a cap stops a crafted link from inflating into megabytes. */
export const MAX_SCENARIO_CHARS = 50_000;
const MAX_ENCODED_CHARS = 100_000;

export type DecodedLink = { ok: true; text: string } | { ok: false; message: string };

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const padded =
    text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const binary = atob(padded);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return undefined;
  }
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
) {
  const writer = stream.writable.getWriter();
  // The write is not awaited: a reader that stops early must not leave it hanging forever.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export async function encodeScenario(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const deflated = await pipe(
    bytes,
    new CompressionStream('deflate-raw'),
    Number.POSITIVE_INFINITY,
  );
  return `${LINK_VERSION}.${toBase64Url(deflated ?? new Uint8Array())}`;
}

export async function decodeScenario(fragment: string): Promise<DecodedLink> {
  if (typeof fragment !== 'string' || fragment === '') {
    return { ok: false, message: 'The link holds no scenario.' };
  }
  if (fragment.length > MAX_ENCODED_CHARS) {
    return { ok: false, message: 'The link is too long to be a scenario.' };
  }
  const dot = fragment.indexOf('.');
  const version = dot === -1 ? '' : fragment.slice(0, dot);
  if (version !== LINK_VERSION) {
    return {
      ok: false,
      message: `The link's scenario is in an unknown format (expected version ${LINK_VERSION}).`,
    };
  }
  const bytes = fromBase64Url(fragment.slice(dot + 1));
  if (!bytes) return { ok: false, message: 'The link is damaged: its data is not base64url.' };
  let inflated: Uint8Array | undefined;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_SCENARIO_CHARS * 4);
  } catch {
    return { ok: false, message: 'The link is damaged: its data does not decompress.' };
  }
  if (!inflated) return { ok: false, message: 'The link holds a scenario that is too large.' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return { ok: false, message: 'The link is damaged: its text is not valid UTF-8.' };
  }
  if (text.length > MAX_SCENARIO_CHARS) {
    return { ok: false, message: 'The link holds a scenario that is too large.' };
  }
  return { ok: true, text };
}

/** Reads the scenario from a location hash such as `#s=1.abc`; undefined when there is none. */
export function scenarioParam(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('s') ?? undefined;
}

/** A language the reader forced in the playground; a link without one is detected again. */
export type LinkLanguage = 'c' | 'scenario';

/**
 * Reads the forced language from a hash such as `#s=1.abc&l=c`. Anything but `c` or `scenario`
 * (and every link made before the C mode) means automatic: undefined.
 */
export function languageParam(hash: string): LinkLanguage | undefined {
  const l = new URLSearchParams(hash.replace(/^#/, '')).get('l');
  return l === 'c' || l === 'scenario' ? l : undefined;
}

export const PLAYGROUND_PATH = '/playground/';

/** The playground's address with `code` in its fragment, as the playground reads it back. */
export async function playgroundUrl(code: string): Promise<string> {
  return `${PLAYGROUND_PATH}#s=${await encodeScenario(code)}`;
}

/**
 * The playground's link: the scenario lives in the URL fragment (`#s=1.<deflated base64url>`).
 * Opening a link restores the text exactly; a damaged or hostile link gives a visible message
 * and an empty editor. What comes from the URL only ever reaches the page as textarea value or
 * text content.
 */
import {
  decodeScenario,
  encodeScenario,
  type LinkLanguage,
  languageParam,
  scenarioParam,
} from '../../share/scenario-link.ts';

export interface ShareHost {
  text(): string;
  /** The language the reader forced, if any (the link keeps it: `&l=c`). */
  language?(): LinkLanguage | undefined;
  load(text: string, language?: LinkLanguage): void;
  /** Shows (or, with null, clears) a message about the link. */
  message(text: string | null, kind: 'error' | 'info'): void;
}

const DEBOUNCE_MS = 600;

export interface Share {
  /** Reads the current location's fragment; resolves after the scenario (if any) is loaded. */
  restore(): Promise<boolean>;
  /** Call after every edit: the address bar follows the text (debounced). */
  edited(): void;
  /** Writes the link now and copies it; resolves to the URL. */
  copy(): Promise<string>;
}

export function createShare(host: ShareHost): Share {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let written = location.hash;

  async function write(): Promise<string> {
    const encoded = await encodeScenario(host.text());
    const forced = host.language?.();
    const url = `${location.pathname}${location.search}#s=${encoded}${forced ? `&l=${forced}` : ''}`;
    history.replaceState(history.state, '', url);
    written = location.hash;
    return location.href;
  }

  async function restore(): Promise<boolean> {
    const fragment = scenarioParam(location.hash);
    if (fragment === undefined) return false;
    const r = await decodeScenario(fragment);
    if (r.ok) {
      host.message(null, 'info');
      host.load(r.text, languageParam(location.hash));
    } else {
      host.load('');
      host.message(`This link could not be opened. ${r.message}`, 'error');
    }
    written = location.hash;
    return true;
  }

  window.addEventListener('hashchange', () => {
    // Links to the playground from the same page (e.g. the decoder) arrive as hash changes.
    if (location.hash !== written) void restore();
  });

  return {
    restore,
    edited() {
      clearTimeout(timer);
      timer = setTimeout(() => void write(), DEBOUNCE_MS);
    },
    async copy() {
      clearTimeout(timer);
      const url = await write();
      try {
        await navigator.clipboard.writeText(url);
        host.message('Link copied to the clipboard. The address bar holds it too.', 'info');
      } catch {
        host.message('Copy the link from the address bar: it holds the scenario.', 'info');
      }
      return url;
    },
  };
}

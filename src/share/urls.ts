/**
 * The one place that knows where each kind of entry lives on the site. Pages, the sidebar, the
 * body-link plugin and the widgets all ask here, so a route can only change in one place.
 */
import { hexCode } from '../sim/codes.ts';

export function bugcheckUrl(code: number | string): string {
  const id = typeof code === 'number' ? hexCode(code) : code.toLowerCase();
  return `/bugchecks/${id}/`;
}

export function apiUrl(name: string): string {
  return `/apis/${name.toLowerCase()}/`;
}

export function conceptUrl(id: string): string {
  return `/concepts/${id}/`;
}

export function ruleUrl(id: string): string {
  return `/rules/#${id}`;
}

export function causeUrl(code: number, causeId: string): string {
  return `${bugcheckUrl(code)}#${causeId}`;
}

/** Resolves a body link such as `api:KeStackAttachProcess`; undefined for ordinary URLs. */
export function knowledgeLinkUrl(href: string): string | undefined {
  const m = /^(api|bugcheck|concept|rule):([^#\s]+)(#[\w-]+)?$/.exec(href);
  if (!m?.[1] || !m[2]) return undefined;
  const [, kind, target, anchor = ''] = m;
  switch (kind) {
    case 'api':
      return apiUrl(target) + anchor;
    case 'bugcheck':
      return bugcheckUrl(target) + anchor;
    case 'concept':
      return conceptUrl(target) + anchor;
    default:
      return ruleUrl(target);
  }
}

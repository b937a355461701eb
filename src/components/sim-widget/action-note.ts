/**
 * A short message next to the control whose action it reports ("Link copied", "The run was
 * stopped"). It floats just under the toolbar, lined up with the control, so showing or hiding
 * it never moves the page (no layout shift); the widget's live region reads it out. An
 * information note fades after a while; an error stays until the next action.
 */
import { h } from '../dom.ts';

const INFO_MS = 8000;

export interface ActionNote {
  show(control: HTMLElement, text: string, kind: 'info' | 'error'): void;
  hide(): void;
}

/** `toolbar` must be a positioned element (the widget's toolbar is sticky). */
export function createActionNote(toolbar: HTMLElement): ActionNote {
  const note = h('p', { class: 'alw-action-note not-content' });
  note.hidden = true;
  toolbar.append(note);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    show(control, text, kind) {
      clearTimeout(timer);
      note.textContent = text;
      note.className = `alw-action-note not-content alw-action-note-${kind}`;
      note.hidden = false;
      // Under the control, kept inside the toolbar (the control may be hidden, e.g. Stop).
      const at = control.offsetParent === toolbar ? control.offsetLeft : 0;
      const room = toolbar.clientWidth - note.offsetWidth;
      note.style.left = `${Math.max(0, Math.min(at, room))}px`;
      if (kind === 'info') {
        timer = setTimeout(() => {
          note.hidden = true;
        }, INFO_MS);
      }
    },
    hide() {
      clearTimeout(timer);
      note.hidden = true;
    },
  };
}

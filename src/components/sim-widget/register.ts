/**
 * The only script a page with a simulator loads up front: it defines `<attach-lab-sim>` and,
 * when an element comes near the viewport, imports the simulator and the UI (a separate chunk)
 * and upgrades it in place. Until then, and without JavaScript, the static content stays.
 */

type Mount = (host: HTMLElement) => void;
let loading: Promise<Mount> | undefined;

function upgrade(host: HTMLElement): void {
  if (host.dataset.state) return;
  host.dataset.state = 'loading';
  loading ??= import('./widget.ts').then((m) => m.mount);
  loading.then(
    (mount) => mount(host),
    (err: unknown) => {
      host.dataset.state = 'failed';
      loading = undefined;
      console.error('Attach Lab: the simulator could not be loaded.', err);
    },
  );
}

const observer =
  typeof IntersectionObserver === 'function'
    ? new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (!e.isIntersecting) continue;
            observer?.unobserve(e.target);
            upgrade(e.target as HTMLElement);
          }
        },
        { rootMargin: '200px 0px' },
      )
    : null;

class AttachLabSim extends HTMLElement {
  connectedCallback(): void {
    if (observer) observer.observe(this);
    else upgrade(this);
    // A keyboard user may reach the element before it scrolls into view.
    this.addEventListener('focusin', () => upgrade(this), { once: true });
  }
  disconnectedCallback(): void {
    observer?.unobserve(this);
  }
}

if (!customElements.get('attach-lab-sim')) customElements.define('attach-lab-sim', AttachLabSim);

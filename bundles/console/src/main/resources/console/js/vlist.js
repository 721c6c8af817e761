// A list that draws only the rows in sight, so that 20,000 VMs cost the page about forty rows of DOM.
import {h} from './dom.js';

/**
 * header: the column titles (an element); render(item) -> a row element (fixed height rowHeight, set in CSS by
 * the class "vrow"). set(items) replaces the items and redraws.
 */
export function virtualList({label, header, render, rowHeight = 36, empty = 'Nothing here.'}) {
  const spacer = h('div', {class: 'vspacer'});
  const viewport = h('div', {class: 'vviewport', tabindex: 0, role: 'region', 'aria-label': label}, spacer);
  const count = h('p', {class: 'vcount', 'aria-live': 'polite'});
  const el = h('div', {class: 'vlist'}, header, viewport, count);
  let items = [];
  let drawn = '';
  let frame = 0;

  function draw() {
    frame = 0;
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / rowHeight) - 5);
    const last = Math.min(items.length, Math.ceil((top + height) / rowHeight) + 5);
    const key = `${first}:${last}:${items.length}`;
    if (key === drawn) return;
    drawn = key;
    spacer.style.height = `${Math.max(items.length, 1) * rowHeight}px`;
    const rows = [];
    for (let i = first; i < last; i++) {
      const row = render(items[i]);
      row.classList.add('vrow');
      row.style.top = `${i * rowHeight}px`;
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
    count.textContent = items.length === 0 ? empty : `${items.length.toLocaleString()} shown`;
  }

  viewport.addEventListener('scroll', () => { if (!frame) frame = requestAnimationFrame(draw); });
  return {
    el,
    set(next) {
      items = next;
      drawn = '';
      draw();
    },
  };
}

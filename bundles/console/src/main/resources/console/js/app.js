// The console's shell: the router (views by the page's hash, so the page is never reloaded), the inventory tree
// beside every view, search, and the live status.
import {h, fill} from './dom.js';
import {Store} from './store.js';
import {Live} from './live.js';
import {showProblem, clearProblems, throttle} from './ui.js';
import {inventoryTree} from './views/tree.js';
import {inventoryView} from './views/inventory.js';
import {hostView} from './views/host.js';
import {vmView} from './views/vm.js';
import {tasksView} from './views/tasks.js';
import {eventsView} from './views/events.js';
import {driversView} from './views/drivers.js';
import {searchView} from './views/search.js';
import {newVmView, newHostView, discoveryView} from './views/forms.js';
import {poolsView} from './views/pools.js';
import {clusterView} from './views/cluster.js';

const routes = [
  [/^\/inventory$/, inventoryView],
  [/^\/hosts\/new$/, newHostView],
  [/^\/hosts\/([^/]+)$/, hostView],
  [/^\/vms\/new$/, newVmView],
  [/^\/vms\/([^/]+)$/, vmView],
  [/^\/tasks$/, tasksView],
  [/^\/events$/, eventsView],
  [/^\/drivers$/, driversView],
  [/^\/pools$/, poolsView],
  [/^\/clusters\/([^/]+)$/, clusterView],
  [/^\/discovery$/, discoveryView],
  [/^\/search$/, searchView],
];

function main() {
  document.body.dataset.loadedAt = String(Date.now());
  const status = document.getElementById('live');
  const store = new Store();
  const live = new Live(store, status);
  const ctx = {store, live, navigate: (hash) => { location.hash = hash; }};
  const view = document.getElementById('view');
  const tree = document.getElementById('tree');
  let current = null;
  let routed = false;

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/inventory';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    if (current && current.dispose) current.dispose();
    clearProblems();
    for (const [pattern, make] of routes) {
      const match = path.match(pattern);
      if (match) {
        try {
          current = make(ctx, decodeURIComponent(match[1] || ''), params);
        } catch (e) {
          current = {el: h('p', {}, 'This view failed: ' + e.message)};
          console.error(e);
        }
        fill(view, current.el);
        markNav(path);
        // After a change of view, focus goes to its heading, so that keyboard and screen reader users start there.
        const heading = view.querySelector('h2');
        if (heading && routed) { heading.tabIndex = -1; heading.focus({preventScroll: true}); }
        routed = true;
        return;
      }
    }
    current = null;
    fill(view, h('h2', {}, 'Not found'), h('p', {}, 'No view at ', h('code', {}, hash), '. ', h('a', {href: '#/inventory'}, 'Inventory')));
  }

  document.getElementById('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new FormData(e.target).get('q').trim();
    location.hash = `#/search?q=${encodeURIComponent(q)}`;
  });
  window.addEventListener('hashchange', route);

  const treeView = inventoryTree(ctx);
  fill(tree, treeView.el);
  route();
  store.load()
    .then(() => {
      document.body.dataset.inventoryLoaded = 'true';
      // A user scoped to tenants is known only once the infrastructure refused it: draw the view again without it.
      if (!store.platform) route();
    })
    .catch((e) => showProblem(e));
  live.start();
  setInterval(() => store.reloadInfrastructure(), 60000);
  store.subscribe(throttle(() => treeView.update(), 300));
}

function markNav(path) {
  for (const a of document.querySelectorAll('header nav a')) {
    const here = path.startsWith(a.getAttribute('href').slice(1));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

main();

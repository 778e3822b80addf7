// The console's sections, in navigation order. Each module exports a section:
//   { id, title, roles, render(main, ctx) }
// - id: the first segment of the hash route (#/<id>/<params...>); '' is not allowed (#/ opens the first allowed one)
// - roles: who sees it (['admin'] or ['admin', 'agent']); the API checks again, this only hides what would 403
// - render(main, ctx): fills `main` (already emptied) and may return a function called when the page is left
//   (close streams, timers). ctx = { api, send, navigate(hash), user, params, query, signal, refresh() }:
//   api(path, options) answers parsed JSON or throws ApiError (problem+json; error.field(name) for forms);
//   send() answers the raw Response (streams); params are the route's further segments; query the ?a=b part;
//   signal aborts when the page is left; refresh() renders the same route again.
// - nav: false keeps a section out of the menu (reachable by link only).
import dashboard from './dashboard.js';
import orders from './orders.js';
import catalog from './catalog.js';
import customers from './customers.js';
import support from './support.js';
import flashSales from './flashsales.js';
import operations from './operations.js';

export default [dashboard, orders, catalog, flashSales, customers, support, operations];

// Catalog.
import { h } from '../dom.js';

export default {
  id: 'catalog',
  title: 'Catalog',
  roles: ['admin'],
  render(main) {
    main.append(h('h1', null, 'Catalog'));
  },
};

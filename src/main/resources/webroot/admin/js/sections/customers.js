// Customers.
import { h } from '../dom.js';

export default {
  id: 'customers',
  title: 'Customers',
  roles: ['admin'],
  render(main) {
    main.append(h('h1', null, 'Customers'));
  },
};

// Orders.
import { h } from '../dom.js';

export default {
  id: 'orders',
  title: 'Orders',
  roles: ['admin'],
  render(main) {
    main.append(h('h1', null, 'Orders'));
  },
};

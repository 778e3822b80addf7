// Dashboard.
import { h } from '../dom.js';

export default {
  id: 'dashboard',
  title: 'Dashboard',
  roles: ['admin'],
  render(main) {
    main.append(h('h1', null, 'Dashboard'));
  },
};

// Support.
import { h } from '../dom.js';

export default {
  id: 'support',
  title: 'Support',
  roles: ['admin', 'agent'],
  render(main) {
    main.append(h('h1', null, 'Support'));
  },
};

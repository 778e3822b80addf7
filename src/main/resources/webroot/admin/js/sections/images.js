// A product's images: upload by dropping files (or choosing them), reorder by dragging or with the arrow buttons.
import { h, errorLine, act } from '../dom.js';

async function upload(ctx, product, files, status) {
  for (const [i, file] of [...files].entries()) {
    status.textContent = 'Uploading ' + (i + 1) + ' of ' + files.length + ': ' + file.name;
    const body = new FormData();
    body.append('file', file, file.name);
    await ctx.api('/api/v1/admin/products/' + product.id + '/images', { method: 'POST', body });
  }
  status.textContent = '';
}

export function imagesSection(ctx, product) {
  const images = (product.images || []).slice().sort((a, b) => a.position - b.position);
  const error = errorLine();
  const status = h('p', { role: 'status', class: 'muted' });
  const list = h('ul', { class: 'thumbs', id: 'images', 'aria-label': 'Images in display order' });
  const save = async () => {
    const ids = [...list.children].map(li => li.dataset.id);
    await ctx.api('/api/v1/admin/products/' + product.id + '/images/order', { method: 'PUT', body: { image_ids: ids } });
    status.textContent = 'Order saved.';
  };
  let dragged = null;
  images.forEach((image, i) => {
    const li = h('li', { draggable: 'true', 'data-id': image.id },
      h('img', { src: image.url, alt: 'Image ' + (i + 1) + ' of ' + product.title }),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Move earlier', onclick: () => {
        if (li.previousElementSibling) {
          list.insertBefore(li, li.previousElementSibling);
          act(null, error, save);
        }
      } }, '←'),
      h('button', { type: 'button', class: 'link', 'aria-label': 'Move later', onclick: () => {
        if (li.nextElementSibling) {
          list.insertBefore(li.nextElementSibling, li);
          act(null, error, save);
        }
      } }, '→'));
    li.addEventListener('dragstart', () => { dragged = li; li.classList.add('dragging'); });
    li.addEventListener('dragend', () => { li.classList.remove('dragging'); act(null, error, save); });
    li.addEventListener('dragover', event => {
      event.preventDefault();
      if (dragged && dragged !== li) {
        const after = event.offsetX > li.clientWidth / 2;
        list.insertBefore(dragged, after ? li.nextSibling : li);
      }
    });
    list.append(li);
  });
  const input = h('input', { type: 'file', accept: 'image/*', multiple: true, id: 'image-file' });
  const zone = h('div', { class: 'drop', id: 'image-drop' }, 'Drop images here, or ', h('label', { for: 'image-file' }, 'choose files'),
    ' ', input);
  const send = files => act(null, error, async () => {
    await upload(ctx, product, files, status);
    ctx.refresh();
  });
  zone.addEventListener('dragover', event => {
    if (!dragged) {
      event.preventDefault();
      zone.classList.add('over');
    }
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer.files.length) {
      send(event.dataTransfer.files);
    }
  });
  input.addEventListener('change', () => input.files.length && send(input.files));
  return h('div', { class: 'card' }, list, zone, status, error);
}

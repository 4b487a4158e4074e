// Threshold rules of a project: being built (issue 20); this module is replaced by the view itself.
import { render, el } from './core.js';

export async function thresholdsPage(project) {
  render(el('h1', {}, 'Threshold rules'), el('p', {}, 'Not built yet.'));
}

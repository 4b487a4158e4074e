// Calibrations of a project: being built (issue 20); this module is replaced by the view itself.
import { render, el } from './core.js';

export async function calibrationsPage(project) {
  render(el('h1', {}, 'Calibrations'), el('p', {}, 'Not built yet.'));
}

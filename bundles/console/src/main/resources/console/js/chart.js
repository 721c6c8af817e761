// Time series drawn by uPlot (the WebJar's build, loaded before the modules as window.uPlot).
import {h} from './dom.js';

/**
 * A chart of samples: series is [{label, value: (sample) => number, unit}]; samples carry `at` (ISO time).
 * Returns the element; an empty series list says so in words instead of an empty frame.
 */
export function timeChart(title, samples, series, {width = 560, height = 200, range} = {}) {
  const figure = h('figure', {class: 'chart'}, h('figcaption', {}, title));
  if (!samples || samples.length === 0) {
    figure.append(h('p', {class: 'muted'}, 'No samples yet.'));
    return figure;
  }
  if (!window.uPlot) {
    figure.append(h('p', {class: 'muted'}, `${samples.length} samples (charts unavailable)`));
    return figure;
  }
  const xs = samples.map((s) => Date.parse(s.at) / 1000);
  const data = [xs, ...series.map((s) => samples.map((x) => s.value(x)))];
  const colours = ['#1d4ed8', '#b45309', '#047857', '#b91c1c'];
  const options = {
    width, height,
    series: [{}, ...series.map((s, i) => ({label: s.unit ? `${s.label} (${s.unit})` : s.label, stroke: colours[i % colours.length], width: 2}))],
    axes: [{}, {size: 60}],
    scales: range ? {y: {range}} : {},
  };
  const holder = h('div', {class: 'plot', role: 'img', 'aria-label': `${title}: ${samples.length} samples, latest ${series.map((s) => `${s.label} ${s.value(samples[samples.length - 1])}`).join(', ')}`});
  figure.append(holder);
  // eslint-disable-next-line no-new
  new window.uPlot(options, data, holder);
  return figure;
}

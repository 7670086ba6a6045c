// PNG of a chart without loading the SVG as an image: under a strict CSP (img-src 'self') a
// blob: or data: SVG cannot be drawn into a canvas. Instead the chart as rendered on the page is
// painted shape by shape onto a canvas, with the colours and fonts the page's CSS resolved
// (light or dark). Covers what the core draws: rect, line, polyline, polygon, path, circle,
// ellipse and text.

const SHAPES = 'rect, line, polyline, polygon, path, circle, ellipse, text';

/** A PNG Blob of a rendered <svg> element, at `scale` times its size on screen. */
export async function svgToPng(svg, scale = 2) {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext('2d');
  context.fillStyle = opaque(getComputedStyle(svg.closest('.calc') ?? svg).backgroundColor) ?? '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  const toRoot = svg.getScreenCTM().inverse();
  for (const element of svg.querySelectorAll(SHAPES)) {
    if (element.closest('defs, title, desc, clipPath, mask')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const m = toRoot.multiply(element.getScreenCTM());
    context.setTransform(scale * m.a, scale * m.b, scale * m.c, scale * m.d, scale * m.e, scale * m.f);
    context.globalAlpha = Number(style.opacity);
    if (element.tagName === 'text') paintText(context, element, style);
    else paintShape(context, element, style);
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

function opaque(color) {
  return !color || color === 'transparent' || /rgba\(.*,\s*0\)$/.test(color) ? null : color;
}

function number(element, name) {
  return Number.parseFloat(element.getAttribute(name) ?? '0') || 0;
}

function pathOf(element) {
  const tag = element.tagName;
  const path = new Path2D();
  if (tag === 'path') return new Path2D(element.getAttribute('d') ?? '');
  if (tag === 'rect') {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((name) => number(element, name));
    const r = Math.min(number(element, 'rx') || number(element, 'ry'), w / 2, h / 2);
    if (r > 0 && path.roundRect) path.roundRect(x, y, w, h, r);
    else path.rect(x, y, w, h);
  } else if (tag === 'line') {
    path.moveTo(number(element, 'x1'), number(element, 'y1'));
    path.lineTo(number(element, 'x2'), number(element, 'y2'));
  } else if (tag === 'polyline' || tag === 'polygon') {
    const values = (element.getAttribute('points') ?? '').trim().split(/[\s,]+/).map(Number);
    for (let i = 0; i + 1 < values.length; i += 2) (i === 0 ? path.moveTo : path.lineTo).call(path, values[i], values[i + 1]);
    if (tag === 'polygon') path.closePath();
  } else if (tag === 'circle') {
    path.arc(number(element, 'cx'), number(element, 'cy'), number(element, 'r'), 0, 2 * Math.PI);
  } else if (tag === 'ellipse') {
    path.ellipse(number(element, 'cx'), number(element, 'cy'), number(element, 'rx'), number(element, 'ry'), 0, 0, 2 * Math.PI);
  }
  return path;
}

function paintShape(context, element, style) {
  const path = pathOf(element);
  const fill = opaque(style.fill === 'none' ? null : style.fill);
  if (fill && element.tagName !== 'line' && element.tagName !== 'polyline') {
    context.fillStyle = fill;
    context.globalAlpha = Number(style.opacity) * Number(style.fillOpacity);
    context.fill(path);
  }
  const stroke = opaque(style.stroke === 'none' ? null : style.stroke);
  if (stroke) {
    context.strokeStyle = stroke;
    context.globalAlpha = Number(style.opacity) * Number(style.strokeOpacity);
    context.lineWidth = Number.parseFloat(style.strokeWidth) || 1;
    const dash = style.strokeDasharray;
    context.setLineDash(dash && dash !== 'none' ? dash.split(/[\s,]+/).map((v) => Number.parseFloat(v)) : []);
    context.stroke(path);
  }
}

function paintText(context, element, style) {
  const fill = opaque(style.fill === 'none' ? null : style.fill);
  if (!fill) return;
  context.fillStyle = fill;
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const anchor = style.textAnchor;
  context.textAlign = anchor === 'middle' ? 'center' : anchor === 'end' ? 'end' : 'start';
  const baseline = style.dominantBaseline;
  context.textBaseline = baseline === 'middle' || baseline === 'central' ? 'middle' : baseline === 'hanging' ? 'hanging' : 'alphabetic';
  context.direction = style.direction === 'rtl' ? 'rtl' : 'ltr';
  const x = number(element, 'x') + number(element, 'dx');
  const y = number(element, 'y') + number(element, 'dy');
  context.fillText(element.textContent ?? '', x, y);
}

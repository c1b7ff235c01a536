import { Resvg } from '@resvg/resvg-js';

/** The colour icon: a rounded square with a stylised ring of hands-off arrows (build -> run). */
const COLOUR = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
  <rect width="192" height="192" rx="36" fill="#1f3a5f"/>
  <circle cx="96" cy="96" r="52" fill="none" stroke="#f5b041" stroke-width="16" stroke-dasharray="110 54"/>
  <path d="M138 60 l18 -6 -6 18 z" fill="#f5b041"/>
  <path d="M54 132 l-18 6 6 -18 z" fill="#f5b041"/>
  <circle cx="96" cy="96" r="18" fill="#ffffff"/>
</svg>`;

/** The outline icon: white on transparent, as Teams requires. */
const OUTLINE = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <circle cx="16" cy="16" r="10" fill="none" stroke="#ffffff" stroke-width="3" stroke-dasharray="21 10"/>
  <circle cx="16" cy="16" r="3.5" fill="#ffffff"/>
</svg>`;

function png(svg: string): Uint8Array {
  return new Resvg(svg, { background: 'rgba(0,0,0,0)' }).render().asPng();
}

export function icons(): { color: Uint8Array; outline: Uint8Array } {
  return { color: png(COLOUR), outline: png(OUTLINE) };
}

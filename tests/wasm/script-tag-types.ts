// Compile-only check, in a program of its own (scripts/test.sh): a page that uses only the script
// tag imports nothing from csatkit, yet gets window.csatkit and the events typed through the
// package's name alone (README "TypeScript": `/// <reference types="csatkit" />` where the package
// is installed; here, in its own folder, by the import that resolves the same types).
import type {} from 'csatkit';

window.csatkit?.track('chat_closed');
addEventListener('csatkit:response', (event) => {
  const score: number = event.detail.response.score;
  void score;
});
document.querySelector('csat-survey')?.show();
// @ts-expect-error: no such method
window.csatkit?.trak('chat_closed');

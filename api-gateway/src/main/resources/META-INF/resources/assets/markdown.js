// Markdown of answers and stored conversations: rendered by marked, then sanitised by DOMPurify
// before it touches the page, so that no script or event handler a model writes ever runs.
import { marked } from '/_static/marked/@marked.version@/lib/marked.esm.js';

// DOMPurify comes as its minified classic script (index.html), a quarter of its module build's size.
const DOMPurify = window.DOMPurify;

marked.setOptions({ gfm: true, breaks: false });

// Links open elsewhere and tell nothing; no form, frame or style a model writes survives.
DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});
const PURIFY = { FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe'], FORBID_ATTR: ['style'] };

/** Safe HTML of a Markdown text. */
export function toHtml(markdown) {
  return DOMPurify.sanitize(marked.parse(markdown), PURIFY);
}

/** Renders Markdown into an element; code blocks get a copy button and, once settled, highlighting. */
export function render(element, markdown, settled) {
  element.innerHTML = toHtml(markdown);
  for (const pre of element.querySelectorAll('pre')) {
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'copy';
    copy.textContent = 'Copy';
    copy.setAttribute('aria-label', 'Copy code');
    copy.addEventListener('click', async () => {
      await navigator.clipboard?.writeText(pre.querySelector('code')?.textContent ?? pre.textContent);
      copy.textContent = 'Copied';
      setTimeout(() => { copy.textContent = 'Copy'; }, 1500);
    });
    pre.append(copy);
  }
  if (settled) highlight(element);
}

let highlighter;

/** highlight.js is loaded the first time an answer has code, not with the page. */
function highlight(element) {
  const blocks = [...element.querySelectorAll('pre code')];
  if (!blocks.length) return;
  highlighter ??= load();
  highlighter.then(hljs => blocks.forEach(block => hljs.highlightElement(block))).catch(() => {});
}

function load() {
  for (const [theme, media] of [['github', '(prefers-color-scheme: light)'], ['github-dark', '(prefers-color-scheme: dark)']]) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.media = media;
    link.href = `/webjars/highlightjs/@highlightjs.version@/styles/${theme}.min.css`;
    document.head.append(link);
  }
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/webjars/highlightjs/@highlightjs.version@/highlight.min.js';
    script.onload = () => {
      window.hljs.configure({ ignoreUnescapedHTML: true });
      resolve(window.hljs);
    };
    script.onerror = reject;
    document.head.append(script);
  });
}

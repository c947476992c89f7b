// Syntax checks for KV values. JSON is checked fully (JSON.parse). YAML and HCL get a light structural check that
// catches the usual typos without a full parser; what each one checks is listed in SYNTAX_HELP and in
// docs/subsystems/ui.md. Each check returns { ok: true } or { ok: false, line, column, message } (1-based).

export const SYNTAX_HELP = {
  text: 'No check: the value is stored as typed.',
  json: 'Checked as JSON (the browser\'s JSON parser).',
  yaml: 'Light YAML check: spaces-only indentation, `key: value` / `- item` lines, indentation that only deepens under a key or list item, closed quotes and brackets, no duplicate keys in a mapping.',
  hcl: 'Light HCL check: closed strings, heredocs and comments, balanced braces and brackets, each statement `name = value` or a block `name "label" { … }`.',
};

export function check(kind, text) {
  switch (kind) {
    case 'json': return checkJson(text);
    case 'yaml': return checkYaml(text);
    case 'hcl': return checkHcl(text);
    default: return { ok: true };
  }
}

/** Guesses the language of a stored value, for the editor's initial choice. */
export function detect(text) {
  const t = text.trim();
  if (t === '') return 'text';
  if ((t.startsWith('{') || t.startsWith('[')) && checkJson(t).ok) return 'json';
  if (/^\s*[A-Za-z_][\w.-]*\s*=\s*\S/m.test(t) || /^\s*[A-Za-z_][\w-]*(\s+"[^"\n]*")*\s*\{\s*$/m.test(t)) return checkHcl(t).ok ? 'hcl' : 'text';
  if (/^\s*(- |[\w."'-]+:(\s|$))/m.test(t) && t.includes('\n')) return checkYaml(t).ok ? 'yaml' : 'text';
  return 'text';
}

function lineCol(text, pos) {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return { line, column: pos - before.lastIndexOf('\n') };
}

export function checkJson(text) {
  if (text.trim() === '') return { ok: false, line: 1, column: 1, message: 'Empty value is not JSON' };
  try {
    JSON.parse(text);
    return { ok: true };
  } catch (e) {
    // The browser's message is authoritative but its position format varies; locate the error ourselves.
    const found = locateJsonError(text);
    const msg = String(e.message).replace(/^JSON\.parse: /, '').replace(/,\s*"[\s\S]*" is not valid JSON$/, '')
      .replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    return { ok: false, ...lineCol(text, found.pos), message: found.message ?? msg };
  }
}

/** A minimal JSON scanner that only finds where a value stops being valid JSON (JSON.parse decides validity). */
function locateJsonError(s) {
  let i = 0;
  const ws = () => { while (i < s.length && ' \t\n\r'.includes(s[i])) i++; };
  const fail = message => { throw { pos: i, message }; };
  const lit = w => { if (s.startsWith(w, i)) i += w.length; else fail(`Unexpected ${s[i] ? `"${s[i]}"` : 'end of value'}`); };
  function str() {
    i++;
    while (true) {
      if (i >= s.length) fail('Unclosed string');
      const c = s[i];
      if (c === '"') { i++; return; }
      if (c === '\n') fail('Line break inside a string (use \\n)');
      if (c === '\\') {
        i++;
        if (s[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail('Bad \\u escape'); i += 5; continue; }
        if (!'"\\/bfnrt'.includes(s[i] ?? '')) fail('Bad escape in string');
      }
      i++;
    }
  }
  function val() {
    ws();
    const c = s[i];
    if (c === '{') {
      i++; ws();
      if (s[i] === '}') { i++; return; }
      while (true) {
        ws();
        if (s[i] !== '"') fail(s[i] === '}' ? 'Trailing comma before "}"' : 'Expected a "quoted" property name');
        str(); ws();
        if (s[i] !== ':') fail('Expected ":" after the property name');
        i++; val(); ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === '}') { i++; return; }
        fail('Expected "," or "}" after a property value');
      }
    }
    if (c === '[') {
      i++; ws();
      if (s[i] === ']') { i++; return; }
      while (true) {
        ws();
        if (s[i] === ']') fail('Trailing comma before "]"');
        val(); ws();
        if (s[i] === ',') { i++; continue; }
        if (s[i] === ']') { i++; return; }
        fail('Expected "," or "]" after an array element');
      }
    }
    if (c === '"') return str();
    if (c === 't') return lit('true');
    if (c === 'f') return lit('false');
    if (c === 'n') return lit('null');
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
    if (m && m[0].length) { i += m[0].length; return; }
    fail(c === undefined ? 'Unexpected end of value' : c === "'" ? "Strings need double quotes in JSON" : `Unexpected "${c}"`);
  }
  try {
    val(); ws();
    if (i < s.length) fail('Unexpected text after the JSON value');
    return { pos: s.length, message: null };
  } catch (e) {
    return e;
  }
}

// ---- YAML (light) ------------------------------------------------------------------------------------------------

/** Removes a trailing comment (a # at line start or after whitespace, outside quotes); reports unclosed quotes. */
function stripYamlComment(s) {
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) {
        if (quote === "'" && s[i + 1] === "'") i++;
        else quote = null;
      }
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:-]/.test(s[i - 1]))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return { text: s.slice(0, i), quote: null };
  }
  return { text: s, quote };
}

export function checkYaml(text) {
  const lines = text.split('\n');
  const stack = [{ indent: -1, keys: new Map() }]; // mappings by indentation
  let prev = null; // { indent, opens } of the previous content line
  let block = null; // indentation of the line that started a block scalar (| or >)
  let flow = []; // open [ { across lines
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i].replace(/\r$/, '');
    const lead = /^[ \t]*/.exec(raw)[0];
    if (block !== null) {
      if (raw.trim() === '' || lead.replace(/\t/g, '    ').length > block) continue;
      block = null;
    }
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    if (/^(---|\.\.\.)(\s|$)/.test(raw)) { stack.length = 1; stack[0].keys = new Map(); prev = null; continue; }
    if (lead.includes('\t')) return { ok: false, line: n, column: lead.indexOf('\t') + 1, message: 'Tab used for indentation (YAML allows only spaces)' };
    const { text: body, quote } = stripYamlComment(raw);
    if (quote) return { ok: false, line: n, column: raw.indexOf(quote) + 1, message: `Unclosed ${quote === '"' ? 'double' : 'single'}-quoted string` };
    let indent = lead.length;
    let content = body.trim();

    // Brackets of flow collections ([a, b], {a: 1}); structure is not checked inside them.
    const wasInFlow = flow.length > 0;
    const err = scanBrackets(content, flow, n, indent);
    if (err) return err;
    if (wasInFlow) { if (flow.length === 0) prev = { indent, opens: false }; continue; }

    // Indentation may only deepen under a line that opens a nested block.
    if (prev && indent > prev.indent && !prev.opens && !prev.continues) {
      return { ok: false, line: n, column: indent + 1, message: 'Unexpected indentation (the line above does not open a block)' };
    }
    // Leading "- " list markers nest their content one level deeper.
    let isItem = false;
    while (/^-(\s|$)/.test(content)) {
      isItem = true;
      const rest = content.replace(/^-\s*/, '');
      indent += content.length - rest.length;
      content = rest;
    }
    while (stack.length > 1 && stack[stack.length - 1].indent > indent) stack.pop();
    if (content === '') { prev = { indent, opens: true }; continue; }

    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[][^:#]*?|[^\s#'"{\[][^#]*?)\s*:(\s+(.*))?$/.exec(content);
    const isFlowStart = /^[\[{]/.test(content);
    if (m && !isFlowStart) {
      const key = m[1];
      let top = stack[stack.length - 1];
      if (top.indent < indent) { top = { indent, keys: new Map() }; stack.push(top); }
      if (top.keys.has(key)) return { ok: false, line: n, column: indent + 1, message: `Duplicate key "${key}" (first on line ${top.keys.get(key)})` };
      top.keys.set(key, n);
      const value = (m[3] ?? '').trim();
      if (/^[|>][-+0-9]*$/.test(value)) { block = indent; prev = { indent, opens: false }; continue; }
      prev = { indent, opens: value === '' || value === '&' || /^&\S+$/.test(value) || /^!\S+$/.test(value), continues: false };
      if (/^[\[{]/.test(value)) prev.opens = false;
      continue;
    }
    // A plain scalar line: a list item's value, a lone document scalar, or the continuation of a multi-line scalar.
    if (!isItem && prev && !prev.opens && indent <= prev.indent && stack.length > 1) {
      return { ok: false, line: n, column: indent + 1, message: 'Expected "key: value" or "- item"' };
    }
    prev = { indent, opens: false, continues: true };
  }
  if (flow.length) {
    const open = flow[flow.length - 1];
    return { ok: false, line: open.line, column: open.column, message: `Unclosed "${open.ch}"` };
  }
  return { ok: true };
}

function scanBrackets(s, flow, line, indent) {
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if ((c === '"' || c === "'") && (i === 0 || /[\s\[{,:]/.test(s[i - 1]))) quote = c;
    else if (c === '[' || c === '{') {
      if (flow.length === 0 && i > 0 && !/[\s:,\-\[{]/.test(s[i - 1])) continue; // part of a plain scalar
      flow.push({ ch: c, line, column: indent + i + 1 });
    } else if (c === ']' || c === '}') {
      if (flow.length === 0) continue; // plain text outside a flow collection
      const open = flow.pop();
      if ((open.ch === '[') !== (c === ']')) return { ok: false, line, column: indent + i + 1, message: `"${c}" does not match "${open.ch}" on line ${open.line}` };
    }
  }
  return null;
}

// ---- HCL (light) -------------------------------------------------------------------------------------------------

function tokenizeHcl(text) {
  const toks = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const adv = k => {
    for (let j = 0; j < k; j++) {
      if (text[i] === '\n') { line++; col = 1; } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    const start = { line, column: col };
    if (c === '\n') { toks.push({ t: 'nl', ...start }); adv(1); continue; }
    if (c === ' ' || c === '\t' || c === '\r') { adv(1); continue; }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) { while (i < text.length && text[i] !== '\n') adv(1); continue; }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw { line: start.line, column: start.column, message: 'Unclosed /* comment' };
      adv(end + 2 - i);
      continue;
    }
    if (c === '"') {
      adv(1);
      let depth = 0;
      while (true) {
        if (i >= text.length || (text[i] === '\n' && depth === 0)) throw { ...start, message: 'Unclosed string' };
        if (text[i] === '\\') { adv(2); continue; }
        if (text[i] === '$' && text[i + 1] === '{') { depth++; adv(2); continue; }
        if (text[i] === '}' && depth > 0) { depth--; adv(1); continue; }
        if (text[i] === '"' && depth === 0) { adv(1); break; }
        adv(1);
      }
      toks.push({ t: 'str', ...start });
      continue;
    }
    if (c === '<' && text[i + 1] === '<') {
      const m = /^<<-?([A-Za-z_][\w]*)[ \t]*\r?\n/.exec(text.slice(i));
      if (!m) throw { ...start, message: 'Heredoc needs a marker and a newline, e.g. <<EOF' };
      adv(m[0].length);
      const re = new RegExp('^[ \\t]*' + m[1] + '[ \\t]*\\r?$', 'm');
      const rest = text.slice(i);
      const end = re.exec(rest);
      if (!end) throw { ...start, message: `Heredoc <<${m[1]} is never closed` };
      adv(end.index + end[0].length);
      toks.push({ t: 'str', ...start });
      continue;
    }
    const word = /^[A-Za-z0-9_.\-:]+/.exec(text.slice(i));
    if (word) {
      toks.push({ t: /^[A-Za-z_]/.test(word[0]) ? 'ident' : 'num', v: word[0], ...start });
      adv(word[0].length);
      continue;
    }
    if ('{}[]()=,'.includes(c)) { toks.push({ t: c, ...start }); adv(1); continue; }
    toks.push({ t: 'op', v: c, ...start });
    adv(1);
  }
  toks.push({ t: 'eof', line, column: col });
  return toks;
}

export function checkHcl(text) {
  let toks;
  try { toks = tokenizeHcl(text); } catch (e) { return { ok: false, ...e }; }
  let p = 0;
  const peek = () => toks[p];
  const fail = (tok, message) => { throw { line: tok.line, column: tok.column, message }; };
  const skipNl = () => { while (peek().t === 'nl' || peek().t === ',') p++; };

  // A value: everything up to the end of the line at bracket depth zero (lists/objects may span lines).
  function value() {
    const first = peek();
    if (first.t === 'nl' || first.t === 'eof' || first.t === '}') fail(first, 'Missing value after "="');
    const stack = [];
    while (true) {
      const tk = peek();
      if (tk.t === 'eof') {
        if (stack.length) fail(stack[stack.length - 1], `Unclosed "${stack[stack.length - 1].t}"`);
        return;
      }
      if (stack.length === 0 && (tk.t === 'nl' || tk.t === '}' || tk.t === ',')) return;
      if (tk.t === '{' || tk.t === '[' || tk.t === '(') stack.push(tk);
      else if (tk.t === '}' || tk.t === ']' || tk.t === ')') {
        const open = stack.pop();
        const want = { '{': '}', '[': ']', '(': ')' }[open.t];
        if (want !== tk.t) fail(tk, `"${tk.t}" does not match "${open.t}" on line ${open.line}`);
      }
      p++;
    }
  }

  function body(closer) {
    while (true) {
      skipNl();
      const tk = peek();
      if (tk.t === 'eof') {
        if (closer) fail(closer, 'Unclosed "{" (block never closed)');
        return;
      }
      if (tk.t === '}') {
        if (!closer) fail(tk, 'Unexpected "}" (no block to close)');
        p++;
        return;
      }
      if (tk.t !== 'ident' && tk.t !== 'str') fail(tk, 'Expected an attribute name or a block type');
      p++;
      if (peek().t === '=' || (peek().t === 'op' && peek().v === ':')) { p++; value(); continue; }
      while (peek().t === 'ident' || peek().t === 'str') p++;
      const open = peek();
      if (open.t !== '{') fail(open, 'Expected "=" (an attribute) or "{" (a block)');
      p++;
      body(open);
      const after = peek();
      if (!['nl', 'eof', '}', ','].includes(after.t)) fail(after, 'Expected a new line after "}"');
    }
  }

  try {
    body(null);
    return { ok: true };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { ok: false, ...e };
  }
}

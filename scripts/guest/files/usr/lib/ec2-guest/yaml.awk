# Minimal YAML reader for NoCloud meta-data and #cloud-config user-data
# (busybox awk). Prints one "key<TAB>value" line per top-level scalar and one
# "key<TAB>item" line per item of a top-level sequence, block ("- x", at any
# indentation) or flow ("[x, y]"). Handles plain, 'single' and "double"
# quoted scalars, lines folded by emitters such as SnakeYAML (long plain or
# quoted scalars and flow sequences continued on following lines), comments.
# Nested mappings are not interpreted (their items are attributed to the
# enclosing top-level key).
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }

function read_quoted(s,    q, out, c, c2, n) {
    q = substr(s, POS, 1); POS++; out = ""; n = length(s)
    while (POS <= n) {
        c = substr(s, POS, 1)
        if (q == "'") {
            if (c == "'") {
                if (substr(s, POS + 1, 1) == "'") { out = out "'"; POS += 2; continue }
                POS++; return out
            }
        } else {
            if (c == "\\") {
                c2 = substr(s, POS + 1, 1)
                if (c2 == "n") c2 = "\n"; else if (c2 == "t") c2 = "\t"
                out = out c2; POS += 2; continue
            }
            if (c == "\"") { POS++; return out }
        }
        out = out c; POS++
    }
    QOPEN = 1
    return out
}

function parse_flow(s,    n, c, item) {
    nitems = 0; POS = 2; n = length(s)
    while (1) {
        while (POS <= n && substr(s, POS, 1) ~ /[ \t]/) POS++
        if (POS > n) { FOPEN = 1; return }
        c = substr(s, POS, 1)
        if (c == "]") return
        if (c == ",") { POS++; continue }
        if (c == "'" || c == "\"") {
            item = read_quoted(s)
            if (QOPEN) return
            items[++nitems] = item
            continue
        }
        item = ""
        while (POS <= n && (c = substr(s, POS, 1)) != "," && c != "]") { item = item c; POS++ }
        item = trim(item)
        if (item != "") items[++nitems] = item
        if (POS > n) { FOPEN = 1; return }
    }
}

# Sets KIND ("scalar", "list" or "empty") and VAL / items[1..nitems].
function parse_value(v,    c) {
    QOPEN = 0; FOPEN = 0; v = trim(v); c = substr(v, 1, 1)
    if (v == "" || v == "|" || v == ">" || v ~ /^[|>][-+0-9]*$/ || c == "#") { KIND = "empty"; return }
    if (c == "[") { parse_flow(v); KIND = "list"; return }
    if (c == "'" || c == "\"") { POS = 1; VAL = read_quoted(v); KIND = "scalar"; return }
    sub(/[ \t]+#.*$/, "", v)
    if (v == "~" || v == "null") { KIND = "empty"; return }
    VAL = v; KIND = "scalar"
}

# Value part of a logical line: after "- " for sequence items, else after "key:".
function value_part(s,    k) {
    sub(/^[ \t]+/, "", s)
    if (s ~ /^-([ \t]|$)/) return substr(s, 2)
    k = s; sub(/:([ \t].*)?$/, "", k)
    return substr(s, length(k) + 2)
}

function is_open(s) { parse_value(value_part(s)); return QOPEN || FOPEN }

function starts_entry(s) {
    return s ~ /^[ \t]*-([ \t]|$)/ || s ~ /^[ \t]*[A-Za-z0-9_.\/"'-][^ \t:]*:([ \t]|$)/
}

function emit(s,    ind, k, v, i) {
    match(s, /^[ \t]*/); ind = RLENGTH; s = substr(s, ind + 1)
    if (s ~ /^-([ \t]|$)/) {
        if (listkey == "") return
        parse_value(substr(s, 2))
        if (KIND == "scalar") print listkey "\t" VAL
        return
    }
    if (ind > 0) return
    k = s; sub(/:([ \t].*)?$/, "", k); v = substr(s, length(k) + 2)
    if (k ~ /^'.*'$/ || k ~ /^".*"$/) k = substr(k, 2, length(k) - 2)
    parse_value(v)
    listkey = ""
    if (KIND == "empty") listkey = k
    else if (KIND == "list") { for (i = 1; i <= nitems; i++) print k "\t" items[i] }
    else print k "\t" VAL
}

{
    line = $0; sub(/\r$/, "", line)
    if (!open) {
        if (line ~ /^[ \t]*(#|$)/) next
        if (line ~ /^(---|\.\.\.)([ \t]|$)/) next
    }
    if (have && (open || !starts_entry(line))) {
        if (line ~ /^[ \t]*$/) next
        t = line; sub(/^[ \t]+/, "", t)
        # escaped line break inside a double-quoted scalar: join without space
        if (open && match(cur, /\\+$/) && RLENGTH % 2 == 1) cur = substr(cur, 1, length(cur) - 1) t
        else cur = cur " " t
    } else {
        if (have) emit(cur)
        cur = line; have = 1
    }
    open = is_open(cur)
}
END { if (have) emit(cur) }

import type { KeyboardEvent } from "react";

/**
 * Arrow keys for a group with one tab stop (WAI-ARIA "roving tabindex"): a tablist or a radio group whose items are
 * the elements matching `items` inside the element holding the handler. Right/Left (and Down/Up when `vertical`
 * moves too, as in a radio group) go to the next/previous item, wrapping; Home/End to the first/last. The new item
 * gets the focus and is selected at once (selection follows focus), through `select(index)`.
 * Give the selected item tabIndex 0 and the others -1, so Tab enters and leaves the group in one step.
 */
export function onRovingKeyDown(
  e: KeyboardEvent<HTMLElement>,
  items: string,
  select: (index: number) => void,
  { vertical = false }: { vertical?: boolean } = {},
) {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  const all = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(items));
  const at = all.findIndex((el) => el.contains(e.target as Node));
  if (at < 0) return;
  const last = all.length - 1;
  const next = at === last ? 0 : at + 1;
  const previous = at === 0 ? last : at - 1;
  const moves: Record<string, number> = {
    ArrowRight: next,
    ArrowLeft: previous,
    ArrowDown: vertical ? next : -1,
    ArrowUp: vertical ? previous : -1,
    Home: 0,
    End: last,
  };
  const to = moves[e.key] ?? -1;
  if (to < 0) return;
  e.preventDefault();
  all[to].focus();
  select(to);
}

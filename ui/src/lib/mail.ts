// Pure helpers for the mail panel.
import type { ImportOutcome } from "./ipc";

const ID_WORDS = ["passport", "licen", "id-card", "idcard", "id_card", "identity", "ausweis", "免許", "パスポート", "マイナンバー", "保険証", "在留カード"];

/** Whether a file name suggests an identity document (the app then warns before attaching). */
export function looksLikeIdentityDocument(name: string): boolean {
  const n = name.toLowerCase();
  return ID_WORDS.some((w) => n.includes(w));
}

/** How an import went, for one line of text. */
export function importCounts(outcomes: readonly ImportOutcome[]): { matched: number; unmatched: number; duplicates: number; failed: number } {
  const count = (r: string) => outcomes.filter((o) => o.imported?.result === r).length;
  return { matched: count("matched"), unmatched: count("unmatched"), duplicates: count("duplicate"), failed: outcomes.filter((o) => o.error).length };
}

import { createContext, useContext } from "react";

import type { Pm } from "../../api/usePostmortem";
import type { OwnVersions } from "../../lib/concurrency";

export interface EditorState {
  pm: Pm;
  own: OwnVersions;
  /** Takes a newer version (a mutation's answer). */
  accept: (pm: Pm) => void;
  /** Tells the page which sections hold unsaved edits. */
  setDirty: (section: string, dirty: boolean) => void;
}

export const EditorContext = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const state = useContext(EditorContext);
  if (!state) throw new Error("useEditor outside the editor");
  return state;
}

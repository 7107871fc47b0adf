/**
 * React access to the editor's commands.
 */
import { createContext, useContext } from 'react';
import type { Commands } from './commands.ts';

/** Provides the editor's commands to components. */
export const CommandsContext = createContext<Commands | null>(null);

/** The commands of the surrounding editor. */
export function useCommands(): Commands {
  const commands = useContext(CommandsContext);
  if (!commands) throw new Error('useCommands: no CommandsContext above this component');
  return commands;
}

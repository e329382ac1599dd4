/** `data` + `items` -> `data.items`; `data.items` + `0` -> `data.items[0]`. */
export function childPath(parent: string, key: string, parentIsArray: boolean): string {
  if (parentIsArray) return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

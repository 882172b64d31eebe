// The documented-output convention, as in sitebuild/documented.py: the lines a
// snippet must print are the `#>` comments under its prints, in file order.
const OUTPUT_LINE = /^\s*#>(?: (.*)|)$/;

export function documentedOutput(source) {
  let expected = "";
  for (const line of source.split(/\r?\n/)) {
    const match = OUTPUT_LINE.exec(line);
    if (match) expected += (match[1] ?? "") + "\n";
  }
  return expected;
}

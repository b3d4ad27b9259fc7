/** Copy-paste SDK setup snippets per platform, with the project's DSN filled in. */

export interface Snippet {
  id: string;
  label: string;
  install: string;
  code: string;
}

export function snippets(dsn: string): Snippet[] {
  const d = JSON.stringify(dsn);
  return [
    {
      id: 'javascript',
      label: 'JavaScript (browser)',
      install: 'npm install --save @sentry/browser',
      code: `import * as Sentry from "@sentry/browser";

Sentry.init({
  dsn: ${d},
  release: "my-app@1.0.0",
  environment: "production",
});

// Try it: this error shows up in Faultline.
setTimeout(() => {
  throw new Error("Hello from Faultline!");
});`,
    },
    {
      id: 'node',
      label: 'Node.js',
      install: 'npm install --save @sentry/node',
      code: `// instrument.mjs — load it first: node --import ./instrument.mjs app.mjs
import * as Sentry from "@sentry/node";

Sentry.init({
  dsn: ${d},
  release: "my-app@1.0.0",
  environment: "production",
});

// Try it:
Sentry.captureException(new Error("Hello from Faultline!"));`,
    },
    {
      id: 'python',
      label: 'Python',
      install: 'pip install --upgrade sentry-sdk',
      code: `import sentry_sdk

sentry_sdk.init(
    dsn=${d},
    release="my-app@1.0.0",
    environment="production",
)

# Try it:
division_by_zero = 1 / 0`,
    },
    {
      id: 'go',
      label: 'Go',
      install: 'go get github.com/getsentry/sentry-go',
      code: `err := sentry.Init(sentry.ClientOptions{
    Dsn: ${d},
})
if err != nil {
    log.Fatalf("sentry.Init: %s", err)
}
defer sentry.Flush(2 * time.Second)

sentry.CaptureMessage("Hello from Faultline!")`,
    },
    {
      id: 'ruby',
      label: 'Ruby',
      install: 'gem install sentry-ruby',
      code: `require "sentry-ruby"

Sentry.init do |config|
  config.dsn = ${d}
end

Sentry.capture_message("Hello from Faultline!")`,
    },
    {
      id: 'php',
      label: 'PHP',
      install: 'composer require sentry/sentry',
      code: `\\Sentry\\init(['dsn' => ${d}]);

\\Sentry\\captureMessage('Hello from Faultline!');`,
    },
    {
      id: 'java',
      label: 'Java',
      install: "implementation 'io.sentry:sentry:7.+'",
      code: `Sentry.init(options -> {
  options.setDsn(${d});
});

Sentry.captureException(new Exception("Hello from Faultline!"));`,
    },
    {
      id: 'dotnet',
      label: '.NET',
      install: 'dotnet add package Sentry',
      code: `using (SentrySdk.Init(o => { o.Dsn = ${d}; }))
{
    SentrySdk.CaptureMessage("Hello from Faultline!");
}`,
    },
    {
      id: 'cli',
      label: 'sentry-cli',
      install: 'npm install -g @sentry/cli',
      code: `export SENTRY_DSN=${d}
sentry-cli send-event -m "Hello from Faultline!"`,
    },
  ];
}

/** The snippet to show first for a project platform ("javascript-react" → javascript). */
export function defaultSnippet(platform: string | null | undefined): string {
  const p = (platform ?? '').toLowerCase();
  if (p.startsWith('node')) return 'node';
  if (p.startsWith('javascript')) return 'javascript';
  if (p.startsWith('python')) return 'python';
  for (const id of ['go', 'ruby', 'php', 'java', 'dotnet']) if (p.startsWith(id)) return id;
  if (p.startsWith('csharp')) return 'dotnet';
  return 'javascript';
}

export const PLATFORMS = [
  ['javascript', 'JavaScript (browser)'],
  ['javascript-react', 'React'],
  ['node', 'Node.js'],
  ['node-express', 'Express'],
  ['python', 'Python'],
  ['python-django', 'Django'],
  ['python-flask', 'Flask'],
  ['go', 'Go'],
  ['ruby', 'Ruby'],
  ['php', 'PHP'],
  ['java', 'Java'],
  ['dotnet', '.NET'],
  ['other', 'Other'],
] as const;

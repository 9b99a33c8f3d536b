using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests;

/// <summary>The renderer behaves like Helm for the subset the chart uses, and rejects what is malformed or outside it.</summary>
public sealed class TemplateEngineTests
{
    private const string Values = """
        name: web
        replicas: 2
        enabled: false
        quoted: "true"
        empty: {}
        labels:
          b: two
          a: one
        ports: [80, 443]
        resources:
          limits:
            memory: 512Mi
        """;

    public static TheoryData<string, string, string> Renders => new()
    {
        { "field", "n={{ .Values.name }}", "n=web" },
        { "missing key prints nothing", "[{{ .Values.nope }}]", "[]" },
        { "trim markers", "a:\n  {{- .Values.name }}\n  {{- \" x\" -}}\n  y", "a:web xy" },
        { "comment", "a{{/* note */}}b{{- /* trimmed */ -}} c", "abc" },
        { "if false goes to else", "{{ if .Values.enabled }}on{{ else }}off{{ end }}", "off" },
        { "else if", "{{ if .Values.enabled }}a{{ else if .Values.replicas }}b{{ else }}c{{ end }}", "b" },
        { "quoted true is a string", "{{ if .Values.quoted }}{{ .Values.quoted | quote }}{{ end }}", "\"true\"" },
        { "with empty map takes else", "{{ with .Values.empty }}x{{ else }}none{{ end }}", "none" },
        { "with sets dot", "{{ with .Values.resources }}{{ .limits.memory }}{{ end }}", "512Mi" },
        { "range list", "{{ range .Values.ports }}[{{ . }}]{{ end }}", "[80][443]" },
        { "range map sorted with variables", "{{ range $k, $v := .Values.labels }}{{ $k }}={{ $v }};{{ end }}", "a=one;b=two;" },
        { "root inside range", "{{ range .Values.ports }}{{ $.Values.name }}{{ end }}", "webweb" },
        { "default", "{{ default \"x\" .Values.nope }}/{{ .Values.name | default \"x\" }}", "x/web" },
        { "toYaml nindent", "r:\n  {{- toYaml .Values.resources | nindent 2 }}", "r:\n  limits:\n    memory: 512Mi" },
        { "toYaml quotes ambiguous strings", "{{ toYaml .Values.quoted }}", "\"true\"" },
        { "printf trunc trimSuffix", "{{ printf \"%s-%d-\" .Values.name .Values.replicas | trunc 6 | trimSuffix \"-\" }}", "web-2" },
        { "contains and not", "{{ if contains \"we\" .Values.name }}yes{{ end }}{{ if not .Values.enabled }}!{{ end }}", "yes!" },
        { "and or", "{{ and .Values.name .Values.enabled }}|{{ or .Values.enabled .Values.name }}", "false|web" },
        { "variables", "{{ $n := .Values.name }}{{ if true }}{{ $n = \"x\" }}{{ end }}{{ $n }}", "x" },
        { "include with indent", "{{- define \"l\" -}}a: 1\nb: 2{{- end -}}\nm:\n  {{- include \"l\" . | nindent 2 }}", "m:\n  a: 1\n  b: 2" },
    };

    [Theory]
    [MemberData(nameof(Renders))]
    public void Renders_like_helm(string name, string template, string expected)
    {
        Assert.Equal(expected, Render(template), StringComparer.Ordinal);
        Assert.NotEmpty(name);
    }

    public static TheoryData<string, string, int, string> Rejects => new()
    {
        { "if without end", "a\n{{ if .Values.enabled }}\nb", 2, "'if' without 'end'" },
        { "range without end", "{{ range .Values.ports }}", 1, "'range' without 'end'" },
        { "stray end", "a\n\n{{ end }}", 3, "without a matching" },
        { "stray else", "{{ else }}", 1, "without a matching" },
        { "unclosed action", "a: {{ .Values.name\nb: 1", 1, "unclosed action" },
        { "close without open", "a: .Values.name }}", 1, "without a matching '{{'" },
        { "unterminated string", "{{ quote \"abc }}", 1, "unterminated string" },
        { "unsupported keyword", "\n{{ template \"x\" . }}", 2, "outside the template subset" },
        { "unclosed paren", "{{ (quote .Values.name }}", 1, "unclosed '('" },
    };

    [Theory]
    [MemberData(nameof(Rejects))]
    public void Rejects_malformed_templates_with_the_line(string name, string template, int line, string message)
    {
        var error = Assert.Throws<TemplateException>(() => TemplateParser.Parse("t.yaml", template));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    public static TheoryData<string, string, string> FailsToRender => new()
    {
        { "function outside the subset", "{{ upper .Values.name }}", "outside the subset" },
        { "field of nil", "{{ .Values.nope.deeper }}", "nil pointer evaluating .Values.nope.deeper" },
        { "map printed without toYaml", "{{ .Values.labels }}", "toYaml" },
        { "undefined include", "{{ include \"nope\" . }}", "undefined template" },
        { "undefined variable", "{{ $x }}", "undefined variable $x" },
    };

    [Theory]
    [MemberData(nameof(FailsToRender))]
    public void Reports_render_errors(string name, string template, string message)
    {
        var error = Assert.Throws<TemplateException>(() => Render(template));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    private static string Render(string template)
    {
        var parsed = TemplateParser.Parse("t.yaml", template);
        var context = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Values"] = YamlValues.LoadMap(Values) };
        return new TemplateEngine([parsed]).Render(parsed, context);
    }
}

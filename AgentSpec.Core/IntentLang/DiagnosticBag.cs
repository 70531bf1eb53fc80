using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>Collects diagnostics from every phase; the compiler sorts them once at the end.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public int ErrorCount { get; private set; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Error(SourceLocation at, string message, string? hint = null) =>
        Add(new Diagnostic(at.File, at.Line, at.Column, DiagnosticSeverity.Error, message, hint));

    public void Warning(SourceLocation at, string message, string? hint = null) =>
        Add(new Diagnostic(at.File, at.Line, at.Column, DiagnosticSeverity.Warning, message, hint));

    public void FileError(string file, string message, string? hint = null) =>
        Add(new Diagnostic(file, 0, 0, DiagnosticSeverity.Error, message, hint));

    public void Add(Diagnostic diagnostic)
    {
        _items.Add(diagnostic);
        if (diagnostic.IsError)
        {
            ErrorCount++;
        }
    }

    /// <summary>Drops diagnostics reported after the first <paramref name="count"/> (the lexer re-reads text it misjudged).</summary>
    public void Truncate(int count)
    {
        for (var i = _items.Count - 1; i >= count; i--)
        {
            if (_items[i].IsError)
            {
                ErrorCount--;
            }

            _items.RemoveAt(i);
        }
    }

    /// <summary>Diagnostics in reading order: by file (ordinal), line, column, then as reported.</summary>
    public IReadOnlyList<Diagnostic> Sorted()
    {
        var indexed = new (Diagnostic Diagnostic, int Order)[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            indexed[i] = (_items[i], i);
        }

        Array.Sort(indexed, static (a, b) =>
        {
            var byFile = string.CompareOrdinal(a.Diagnostic.File, b.Diagnostic.File);
            if (byFile != 0)
            {
                return byFile;
            }

            var byLine = a.Diagnostic.Line.CompareTo(b.Diagnostic.Line);
            if (byLine != 0)
            {
                return byLine;
            }

            var byColumn = a.Diagnostic.Column.CompareTo(b.Diagnostic.Column);
            return byColumn != 0 ? byColumn : a.Order.CompareTo(b.Order);
        });

        return Array.ConvertAll(indexed, static item => item.Diagnostic);
    }
}

using System.Text;
using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// <c>.ias</c> files are UTF-8: invalid bytes are an error at the first bad sequence, never silently replaced by
/// U+FFFD and hashed (docs/intentlang.md, "Lexical rules").
/// </summary>
public sealed class SourceEncodingTests
{
    private const string Valid = "package \"t\" version \"0.1.0\" lang \"2.0\"\nprompt \"p\" {\n  content \"café\"\n}\n";

    private static async Task<CompilationResult> CompileBytesAsync(TempDirectory directory, byte[] bytes, string name = "file.ias")
    {
        var path = directory.File(name);
        await File.WriteAllBytesAsync(path, bytes);
        return await IntentLangCompiler.CompileAsync(path);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public async Task An_invalid_byte_in_a_string_is_an_error_at_its_line_and_column()
    {
        using var directory = new TempDirectory();
        // "content \"caf" then 0xE9 (Latin-1 é, not UTF-8) on line 3: content starts at column 3, the byte is at column 15.
        var bytes = Concat(Utf8("package \"t\" version \"0.1.0\" lang \"2.0\"\nprompt \"p\" {\n  content \"caf"), [0xE9], Utf8("\"\n}\n"));

        var result = await CompileBytesAsync(directory, bytes);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((directory.File("file.ias"), 3, 15), (error.File, error.Line, error.Column));
        Assert.Equal("the file is not valid UTF-8: invalid byte sequence 0xE9", error.Message);
        Assert.Equal("IntentLang files are UTF-8; save the file as UTF-8 (nothing in it was read or hashed)", error.Hint);
        Assert.Null(result.Package);
    }

    [Fact]
    public async Task Columns_before_the_bad_byte_count_code_points_and_a_truncated_sequence_is_shown_whole()
    {
        using var directory = new TempDirectory();
        // "é€" are two code points (five bytes); then the first two bytes of a three-byte sequence and a quote.
        var bytes = Concat(Utf8("package \"é€"), [0xE2, 0x82], Utf8("\" version \"0.1.0\" lang \"2.0\"\n"));

        var result = await CompileBytesAsync(directory, bytes);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((1, 12), (error.Line, error.Column));
        Assert.Equal("the file is not valid UTF-8: invalid byte sequence 0xE2 0x82", error.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // an encoded surrogate
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0x80 })] // a lone continuation byte
    public async Task Every_kind_of_invalid_sequence_is_reported_in_a_comment_too(byte[] invalid)
    {
        using var directory = new TempDirectory();
        var bytes = Concat(Utf8(Valid + "# note: "), invalid, Utf8("\n"));

        var result = await CompileBytesAsync(directory, bytes);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((5, 9), (error.Line, error.Column));
        Assert.StartsWith("the file is not valid UTF-8: invalid byte sequence 0x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_still_accepted_and_does_not_count_as_a_column()
    {
        using var directory = new TempDirectory();
        var withBom = await CompileBytesAsync(directory, Concat(Encoding.UTF8.Preamble.ToArray(), Utf8(Valid)), "bom.ias");
        var without = await CompileBytesAsync(directory, Utf8(Valid), "plain.ias");
        var badAfterBom = await CompileBytesAsync(directory, Concat(Encoding.UTF8.Preamble.ToArray(), Utf8("pack"), [0xFF]), "bad.ias");

        Assert.False(withBom.HasErrors, string.Join("\n", withBom.Diagnostics));
        Assert.Equal(without.Package!.Resources.Single().Hash, withBom.Package!.Resources.Single().Hash);
        Assert.Equal((1, 5), (badAfterBom.Diagnostics.Single().Line, badAfterBom.Diagnostics.Single().Column));
    }

    [Fact]
    public async Task A_utf16_file_is_an_error_that_names_its_encoding()
    {
        using var directory = new TempDirectory();
        var utf16 = Concat(Encoding.Unicode.Preamble.ToArray(), Encoding.Unicode.GetBytes(Valid));

        var result = await CompileBytesAsync(directory, utf16);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal("the file is not UTF-8: it starts with a UTF-16 byte order mark", error.Message);
    }

    [Fact]
    public async Task In_a_directory_every_badly_encoded_file_is_reported_and_nothing_is_lowered()
    {
        using var directory = new TempDirectory();
        await File.WriteAllBytesAsync(directory.File("a.ias"), Utf8(Valid));
        await File.WriteAllBytesAsync(directory.File("b.ias"), Concat(Utf8("package \"t\" version \"0.1.0\" lang \"2.0\"\n#"), [0xFE]));
        await File.WriteAllBytesAsync(directory.File("c.ias"), Concat(Utf8("package \"t\"\n\n  "), [0xC3]));

        var result = await IntentLangCompiler.CompileAsync(directory.Path);

        Assert.Equal(
            [(directory.File("b.ias"), 2, 2), (directory.File("c.ias"), 3, 3)],
            result.Diagnostics.Select(d => (d.File, d.Line, d.Column)));
        Assert.Null(result.Package);
    }
}

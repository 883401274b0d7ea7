namespace Cion.Web.Rendering;

/// <summary>
/// How far a page has read one log: the byte offset of the next unread byte, and the style in
/// force there, so a resumed stream colours its first line as the page would have.
/// </summary>
public readonly record struct LogPosition(long Offset, AnsiState Ansi);

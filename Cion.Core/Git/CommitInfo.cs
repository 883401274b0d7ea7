namespace Cion.Core.Git;

/// <summary>Who wrote a commit, when, and the first line of its message.</summary>
public sealed record CommitInfo(string AuthorName, string AuthorEmail, DateTimeOffset AuthoredAt, string Subject);

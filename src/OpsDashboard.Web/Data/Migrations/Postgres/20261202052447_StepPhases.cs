using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpsDashboard.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StepPhases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PhasesJson",
                table: "Steps",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PhasesJson",
                table: "Steps");
        }
    }
}
